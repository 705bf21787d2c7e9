import { describe, expect, it } from 'vitest';
import { backOfficeAddress } from '../../renderer/server-address';

describe('a back office address typed without http:// or https://', () => {
  it('is https:// off this computer and http:// on it, and says so; a typed scheme is kept as typed', () => {
    expect(backOfficeAddress('192.168.1.10:8787')).toEqual({
      url: 'https://192.168.1.10:8787',
      assumed: 'No http:// or https:// typed: https://192.168.1.10:8787 is used (an address off this computer must be https).',
    });
    expect(backOfficeAddress(' backoffice.example.com ').url).toBe('https://backoffice.example.com');
    for (const local of ['127.0.0.1:8787', 'localhost:8787', 'LOCALHOST', '[::1]:8787', '127.0.0.1:8787/pos'])
      expect(backOfficeAddress(local).url).toBe(`http://${local}`);
    // A name that only begins like this machine's is another machine.
    expect(backOfficeAddress('localhost.example.com:8787').url).toBe('https://localhost.example.com:8787');
    expect(backOfficeAddress('http://192.168.1.10:8787')).toEqual({ url: 'http://192.168.1.10:8787', assumed: null });
    expect(backOfficeAddress('https://pos.example.com/')).toEqual({ url: 'https://pos.example.com/', assumed: null });
    expect(backOfficeAddress('')).toEqual({ url: '', assumed: null });
  });
});
