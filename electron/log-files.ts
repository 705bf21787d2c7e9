import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';

/**
 * Logs in userData/logs, rotated by size: counter.log, then counter.1.log (newest old
 * one) up to counter.<keep>.log. Written synchronously, line by line, so the last words
 * before a crash or a power cut are on disk; a till logs little, so this costs nothing.
 * (pino-roll is not installed; this is the whole of what we need from it.)
 */
export const LOG_FILE_NAME = 'counter.log';

export class RotatingLogFile {
  private descriptor: number;
  private size: number;

  constructor(
    readonly folder: string,
    private readonly maxBytes = 5 * 1024 * 1024,
    private readonly keep = 5,
  ) {
    mkdirSync(folder, { recursive: true });
    this.descriptor = openSync(this.current, 'a');
    this.size = fstatSync(this.descriptor).size;
  }

  get current(): string {
    return path.join(this.folder, LOG_FILE_NAME);
  }

  private numbered(index: number): string {
    return path.join(this.folder, `counter.${index}.log`);
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.descriptor, line);
    this.size += bytes;
  }

  private rotate(): void {
    closeSync(this.descriptor);
    rmSync(this.numbered(this.keep), { force: true });
    for (let index = this.keep - 1; index >= 1; index -= 1) {
      if (existsSync(this.numbered(index))) renameSync(this.numbered(index), this.numbered(index + 1));
    }
    renameSync(this.current, this.numbered(1));
    this.descriptor = openSync(this.current, 'a');
    this.size = 0;
  }

  /** Every log file, newest first: what "export diagnostics" packs. */
  files(): string[] {
    const names = readdirSync(this.folder).filter((name) => /^counter(\.\d+)?\.log$/.test(name));
    const order = (name: string) => Number(name.match(/\.(\d+)\.log$/)?.[1] ?? 0);
    return names.sort((a, b) => order(a) - order(b)).map((name) => path.join(this.folder, name));
  }

  close(): void {
    closeSync(this.descriptor);
  }
}

export function openShellLogger(file: RotatingLogFile, appVersion: string): Logger {
  return pino(
    {
      base: { app: 'counter-desktop', version: appVersion },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A token must never reach a log file, whatever object a caller logs.
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'pairingCode', '*.pairingCode'], censor: '[removed]' },
    },
    file,
  );
}
