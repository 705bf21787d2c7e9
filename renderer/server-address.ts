/** This machine, by name or loopback address, with or without a port or path. */
const THIS_MACHINE = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(\/.*)?$/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A back office address as an installer types it ("192.168.1.10:8787"), made whole: with no
 * scheme typed, http:// for this machine (localhost, 127.x, [::1]) and https:// for any other
 * (the core refuses plain http off this machine: insecure_server_url, docs/web-host.md).
 * `assumed` is the sentence that says so on screen, or null when the scheme was typed.
 */
export function backOfficeAddress(typed: string): { url: string; assumed: string | null } {
  const text = typed.trim();
  if (text === '' || HAS_SCHEME.test(text)) return { url: text, assumed: null };
  const local = THIS_MACHINE.test(text);
  const url = `${local ? 'http' : 'https'}://${text}`;
  return {
    url,
    assumed: local
      ? `No http:// or https:// typed: ${url} is used (plain http, on this computer only).`
      : `No http:// or https:// typed: ${url} is used (an address off this computer must be https).`,
  };
}
