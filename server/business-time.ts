/**
 * A moment on the business's wall clock, as its managers read a clock ("Dec 2, 2026, 8:50 PM"):
 * what the pages show, and what a refusal's words say ("approved by Liza at …"), never a UTC
 * timestamp a cashier in Manila would read eight hours wrong. A zone this machine does not
 * know reads as UTC, named so.
 */
export function businessTime(iso: string, timeZone: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  try {
    return moment.toLocaleString('en-PH', { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    return `${moment.toLocaleString('en-PH', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' })} UTC`;
  }
}
