/**
 * One line of a printed document: its label and its value, with a real space between
 * them, so the text never runs together ("Opened 11/29/2026", not "Opened11/29/2026")
 * whether it is printed, copied or read by a screen reader.
 */
export function ReadingRow({ label, value, testId, amount = false }: { label: string; value: string; testId?: string; amount?: boolean }) {
  return (
    <p className="receipt-row">
      <span className="label">{label}</span> {/* An amount stays on one line (58 mm paper too); its label wraps instead. */}
      <span className={amount ? 'value amount' : 'value'} data-testid={testId}>
        {value}
      </span>
    </p>
  );
}
