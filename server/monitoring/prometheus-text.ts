/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: counters only,
 * which is all /metrics needs, so no client library.
 */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function counterFamily(name: string, help: string, samples: readonly Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} counter`];
  for (const sample of samples) {
    const labels = Object.entries(sample.labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`);
    lines.push(`${name}${labels.length ? `{${labels.join(',')}}` : ''} ${sample.value}`);
  }
  return `${lines.join('\n')}\n`;
}
