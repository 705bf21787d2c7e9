/** A moment as the till's screens say it (the stock desk's lists): the till's own time zone. Printed documents use documentTime (invoicing/document-dates.ts). */
export const tillTime = (iso: string): string => new Date(iso).toLocaleString('en-PH');
