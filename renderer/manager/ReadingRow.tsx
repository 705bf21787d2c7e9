/**
 * One line of a printed document: its label and its value, with a real space between
 * them, so the text never runs together ("Opened 11/29/2026", not "Opened11/29/2026")
 * whether it is printed, copied or read by a screen reader.
 */
export function ReadingRow({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <p className="receipt-row">
      <span className="label">{label}</span>{' '}
      <span className="value" data-testid={testId}>
        {value}
      </span>
    </p>
  );
}
