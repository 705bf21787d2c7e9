/** The manager's PIN for one action: never kept beyond the form that asks for it. */
export function PinField({ value, onChange, testId }: { value: string; onChange(pin: string): void; testId: string }) {
  return (
    <label className="field">
      Manager PIN
      <input
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 8))}
        data-testid={testId}
      />
    </label>
  );
}
