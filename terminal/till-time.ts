/** A moment as the till's people read it and its documents print it: the till's own clock and time zone. */
export const tillTime = (iso: string): string => new Date(iso).toLocaleString('en-PH');
