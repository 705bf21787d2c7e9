import { usePrintedBy } from './use-printed-by';
import { useCallback, useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import type { Shift, ShiftReport } from '../../terminal/shifts/shift-schemas';
import type { TerminalApi, TerminalStatus } from '../../terminal/terminal-api';
import type { JournalCheck } from '../../terminal/journal/journal-schemas';
import { errorText } from '../error-text';
import { businessDay } from '../../terminal/invoicing/document-dates';
import { parsePesoInput } from '../money';
import { PinField } from './PinField';
import { downloadText, printDocument } from './print-document';
import { journalDocumentCount } from '../../protocol/journal-export';
import { ShiftReportView } from './ShiftReportView';
import { CashMoveForm } from './CashMoveForm';
import { useFocusOn } from './focus-on';
import { heldInWords, ZConfirm, type ZQuestion } from './ZConfirm';
import type { Cart } from '../cart';

/**
 * Open the till with a float, read an X report at any time, pay cash in or out of the drawer
 * (CashMoveForm), close the shift: the day's last shift ends the day with its Z reading (BIR:
 * one Z per business day), a shift with another to follow today closes with its own X
 * reading; a day whose last shift closed that way is ended with End the day. The last closed
 * shifts' readings can be shown and printed again.
 * While sales of the shift (or the day) have not reached the back office, closing warns and
 * needs an override reason; the reading records who overrode and why.
 */
type Place = 'open' | 'close' | 'day' | 'screen';
const PIN_MISSING = 'Type the manager’s PIN: 4 to 8 digits.';
const pinTyped = (pin: string) => /^\d{4,8}$/.test(pin);

export function ShiftScreen({
  api,
  status,
  heldCarts,
}: {
  api: TerminalApi;
  status: TerminalStatus;
  /** The carts held on this till (the cashier's screen keeps them): the Z question names them. */
  heldCarts?: () => Promise<Cart[]>;
}) {
  const heldNow = async () => heldInWords(heldCarts ? await heldCarts().catch(() => []) : []);
  // Who issues the printed document (registered name, TIN, MIN…) and the roster's names.
  const printedBy = usePrintedBy(api, status);
  const [shift, setShift] = useState<Shift | null | undefined>(undefined);
  const [report, setReport] = useState<ShiftReport | null>(null);
  const [amount, setAmount] = useState('');
  const [pin, setPin] = useState('');
  // End the day's own PIN: its form shows beside the open-shift form, whose PIN is another field.
  const [dayPin, setDayPin] = useState('');
  // A Z reading is asked once more before it is taken (ZConfirm); once confirmed, a close anyway takes it without asking again.
  const [zAsked, setZAsked] = useState<ZQuestion | 'confirmed' | null>(null);
  const [override, setOverride] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [error, setErrorText] = useState<string | null>(null);
  // Which form the error is about: shown beside it, where the manager looks (the screen's foot for the rest).
  const [errorAt, setErrorAt] = useState<Place>('screen');
  const setError = (message: string | null, at: Place = 'screen') => {
    setErrorText(message);
    setErrorAt(at);
  };
  // The amount field the error is about: marked invalid and pointing at it, until it is typed again.
  const [badAmount, setBadAmount] = useState(false);
  const amountField = (testId: string) => ({
    value: amount,
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      setAmount(e.target.value);
      setBadAmount(false);
      // Another count: the Z is asked again, with it.
      setZAsked(null);
    },
    'aria-invalid': badAmount || undefined,
    'aria-describedby': badAmount ? 'shift-error' : undefined,
    'data-testid': testId,
  });
  // The control or heading an action brought (focus-on.ts): the X report button once a shift opens, a reading's heading.
  const xButton = useRef<HTMLButtonElement | null>(null);
  const [opened, setOpened] = useState(0);
  useFocusOn(xButton, opened || null);
  const reportHeading = useRef<HTMLHeadingElement | null>(null);
  useFocusOn(reportHeading, report);
  // "Not yet" gives the focus back to the button that asked; the unsynced warning to its reason field.
  const zButton = useRef<HTMLButtonElement | null>(null);
  const [zDeclined, setZDeclined] = useState(0);
  useFocusOn(zButton, zDeclined || null);
  const reasonField = useRef<HTMLInputElement | null>(null);
  useFocusOn(reasonField, warning);

  const [journalCheck, setJournalCheck] = useState<JournalCheck | null>(null);
  /** Another day's journal to export (a date input's yyyy-mm-dd; blank until one is picked). */
  const [journalDayPicked, setJournalDayPicked] = useState('');
  /** What the last export saved, said on screen (a day without documents saves a file that only says so). */
  const [journalSaved, setJournalSaved] = useState<string | null>(null);
  const [closed, setClosed] = useState<Shift[]>([]);
  const load = useCallback(
    () =>
      Promise.all([api.currentShift(), api.closedShifts({ limit: 10 })]).then(
        ([open, past]) => {
          setShift(open);
          setClosed(past);
        },
        (caught: unknown) => setError(errorText(caught, 'The shift could not be read.')),
      ),
    [api],
  );
  useEffect(() => void load(), [load, status]);

  // One opening or closing at a time: a double-clicked "Open shift" opens it once, without an error after it.
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  /** Saves one day's electronic journal as a text file: today's (no day) or the day picked. */
  async function exportJournal(day?: string) {
    const journal = await api.journalDay(day ? { day } : {});
    const file = `journal-${journal.terminalCode ?? 'till'}-${journal.day}.txt`;
    downloadText(file, journal.text);
    const documents = journalDocumentCount(journal.entries);
    setJournalSaved(
      documents === 0
        ? `No documents on ${journal.day} at this till: the file saved (${file}) says so.`
        : `Saved ${file}: ${documents} document${documents === 1 ? '' : 's'} of ${journal.day}.`,
    );
  }

  async function run(action: () => Promise<void>, fallback: string, at: Place = 'screen') {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      const code = (caught as { code?: string }).code ?? /^([a-z_]+): /.exec((caught as Error).message)?.[1];
      if (code === 'unsynced_sales') {
        setWarning(errorText(caught, fallback));
        setOverride((current) => current ?? '');
      } else {
        setError(errorText(caught, fallback), at);
        // A refusal (a wrong PIN at "Yes, take the Z reading") takes the yes back: the next Enter asks again (found by a walk).
        setZAsked(null);
        // A PIN refused (or anything else refused) is typed again from empty: never added to.
        setPin('');
        setDayPin('');
      }
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  // The override a close or a day's end sends once the core asked for one, and whether its reason is still blank.
  const overrideGiven = override !== null && override.trim() !== '' ? { override: { reason: override.trim() } } : {};
  const reasonMissing = warning !== null && (override ?? '').trim() === '';

  const open = (event: FormEvent) => {
    event.preventDefault();
    const floatMinor = parsePesoInput(amount);
    if (floatMinor === null) {
      setBadAmount(true);
      return setError('Type the float as an amount, e.g. 2,000.00.', 'open');
    }
    if (!pinTyped(pin)) return setError(PIN_MISSING, 'open');
    void run(
      async () => {
        await api.openShift({ floatMinor, approval: { managerPin: pin } });
        setPin('');
        setAmount('');
        setReport(null);
        await load();
        setOpened((n) => n + 1);
      },
      'The shift was not opened.',
      'open',
    );
  };

  // Enter in the close form ends the day, as closing always did; once a close was chosen (its unsynced warning asking
  // for a reason), Enter repeats that close: a reason typed for "another follows" and Enter asked for a Z (found by a walk).
  const chosenClose = useRef<boolean | null>(null);
  const close = (event: FormEvent) => {
    event.preventDefault();
    closeShift(chosenClose.current ?? true);
  };

  const closeShift = (endDay: boolean, confirmed = zAsked === 'confirmed') => {
    chosenClose.current = endDay;
    const counted = amount.trim() === '' ? undefined : parsePesoInput(amount);
    if (counted === null) {
      setBadAmount(true);
      return setError('Type the counted cash as an amount, or leave it empty.', 'close');
    }
    if (!pinTyped(pin)) return setError(PIN_MISSING, 'close');
    // Found by a probe: a blank reason only showed the warning again.
    if (reasonMissing)
      return setError(`Type why the shift closes with documents not yet at the back office: the ${endDay ? 'Z' : 'X'} reading records it.`, 'close');
    if (endDay && !confirmed)
      return void run(
        async () =>
          setZAsked({
            form: 'close',
            expectedCashMinor: (await api.shiftReport({})).expectedCashMinor,
            countedCashMinor: counted,
            held: await heldNow(),
          }),
        'The shift was not closed.',
        'close',
      );
    if (endDay) setZAsked('confirmed');
    void run(
      async () => {
        const reading = await api.closeShift({
          ...(counted === undefined ? {} : { countedCashMinor: counted }),
          approval: { managerPin: pin },
          ...overrideGiven,
          endDay,
        });
        setReport(reading);
        setWarning(null);
        setOverride(null);
        setZAsked(null);
        chosenClose.current = null;
        setPin('');
        setAmount('');
        await load();
      },
      'The shift was not closed.',
      'close',
    );
  };

  const endDay = (event?: FormEvent, confirmed = zAsked === 'confirmed') => {
    event?.preventDefault();
    if (!pinTyped(dayPin)) return setError(PIN_MISSING, 'day');
    if (reasonMissing) return setError('Type why the day ends with documents not yet at the back office: the Z reading records it.', 'day');
    if (!confirmed)
      return void run(
        async () => setZAsked({ form: 'day', expectedCashMinor: null, countedCashMinor: undefined, held: await heldNow() }),
        'The day was not ended.',
        'day',
      );
    setZAsked('confirmed');
    void run(
      async () => {
        const z = await api.endDay({
          approval: { managerPin: dayPin },
          ...overrideGiven,
        });
        setReport(z);
        setWarning(null);
        setOverride(null);
        setZAsked(null);
        setDayPin('');
        await load();
      },
      'The day was not ended.',
      'day',
    );
  };

  const zQuestion = zAsked === 'confirmed' ? null : zAsked;
  const declineZ = () => {
    setZAsked(null);
    setZDeclined((n) => n + 1);
  };
  // The last shift closed with another to follow today: no Z reading covers its day yet.
  const dayToEnd = shift === null && closed[0]?.endedDay === false ? closed[0] : null;
  // The last shift ended today's business day: a shift opened now is in another Z reading today.
  const today = businessDay(new Date(), printedBy.timeZone);
  const endedToday =
    shift === null &&
    closed[0]?.endedDay === true &&
    closed[0].closedAt !== null &&
    businessDay(new Date(closed[0].closedAt), printedBy.timeZone) === today
      ? closed[0]
      : null;
  const errorShown = (at: Place) =>
    error !== null &&
    errorAt === at && (
      <p className="error no-print" role="alert" id="shift-error" data-testid="shift-error">
        {error}
      </p>
    );
  // Why close (or end the day) with documents not yet at the back office: asked once the core has refused without a reason.
  const overrideField = (ids: { warning: string; reason: string }, label: string) =>
    warning && (
      <>
        {/* The alert is the warning alone: its field's label read into it ("…giving a reason.Close anyway because…"). */}
        <p className="warning" role="alert" data-testid={ids.warning}>
          {warning}
        </p>
        <label className="field">
          {label}
          <input ref={reasonField} value={override ?? ''} onChange={(e) => setOverride(e.target.value)} data-testid={ids.reason} />
        </label>
      </>
    );

  return (
    <section className="panel shift-screen" aria-label="Shift" data-testid="shift-screen">
      <h2 className="no-print">Shift</h2>
      {shift === null && (
        <form className="no-print" onSubmit={open} data-testid="shift-open-form">
          <p>No shift is open. Count the float into the drawer and open the shift.</p>
          <label className="field">
            Float (cash in the drawer)
            <input {...amountField('shift-float')} placeholder="2,000.00" />
          </label>
          <PinField value={pin} onChange={setPin} testId="shift-pin" />
          {endedToday && (
            <p className="warning" data-testid="shift-day-ended">
              Today’s Z reading was taken at {endedToday.closedAt ? printedBy.timeOf(endedToday.closedAt) : ''}: a shift opened now is counted in
              another Z reading today. Open one only if the store is still selling.
            </p>
          )}
          {errorShown('open')}
          <button type="submit" className="primary" data-testid="shift-open" disabled={busy}>
            Open shift
          </button>
        </form>
      )}
      {dayToEnd && (
        <form className="no-print" onSubmit={endDay} aria-labelledby="day-end-heading" data-testid="day-end-form">
          <h3 id="day-end-heading">End the day</h3>
          <p data-testid="day-end-notice">
            The last shift closed {dayToEnd.closedAt ? printedBy.timeOf(dayToEnd.closedAt) : ''} with another to follow: no Z reading covers it yet.
            When that day’s last shift has closed, end the day: its Z reading covers every shift of the day.
          </p>
          <PinField value={dayPin} onChange={setDayPin} testId="day-end-pin" />
          {overrideField({ warning: 'day-end-unsynced-warning', reason: 'day-end-override-reason' }, 'End the day anyway because…')}
          {errorShown('day')}
          {zQuestion?.form === 'day' ? (
            <ZConfirm question={zQuestion} busy={busy} onYes={() => endDay(undefined, true)} onNo={declineZ} />
          ) : (
            <button type="submit" data-testid="day-end" disabled={busy} ref={zButton}>
              {warning ? 'End the day anyway (Z reading)' : 'End the day (Z reading)'}
            </button>
          )}
        </form>
      )}
      {shift && (
        <div className="no-print">
          <p data-testid="shift-open-since">
            Open since {printedBy.timeOf(shift.openedAt)}, opened by {printedBy.nameOf(shift.openedBy)}.
          </p>
          <button
            type="button"
            onClick={() => void run(async () => setReport(await api.shiftReport({})), 'The X report could not be made.')}
            data-testid="shift-x-report"
            ref={xButton}
          >
            X report
          </button>
          <CashMoveForm
            api={api}
            shiftId={shift.id}
            nameOf={printedBy.nameOf}
            // An X reading on screen is read again: its expected cash has moved.
            onMoved={() => void (report?.kind === 'X' ? api.shiftReport({}).then(setReport, () => setReport(null)) : undefined)}
          />
          <form onSubmit={close} aria-labelledby="shift-close-heading" data-testid="shift-close-form">
            <h3 id="shift-close-heading">Close the shift</h3>
            <label className="field">
              Counted cash (optional)
              <input {...amountField('shift-counted')} />
            </label>
            <PinField value={pin} onChange={setPin} testId="shift-close-pin" />
            {overrideField({ warning: 'shift-unsynced-warning', reason: 'shift-override-reason' }, 'Close anyway because…')}
            <p className="muted">
              The day’s last shift ends the day with the Z reading. A shift with another to follow today closes with its own X reading.
            </p>
            {errorShown('close')}
            {zQuestion?.form === 'close' ? (
              <ZConfirm question={zQuestion} busy={busy} onYes={() => closeShift(true, true)} onNo={declineZ} />
            ) : (
              <>
                <button type="submit" className="primary" data-testid="shift-close" disabled={busy} ref={zButton}>
                  {warning ? 'Close anyway and end the day (Z report)' : 'Close shift and end the day (Z report)'}
                </button>{' '}
                <button type="button" onClick={() => closeShift(false)} data-testid="shift-close-only" disabled={busy}>
                  {warning ? 'Close anyway, another shift follows (X report)' : 'Close shift, another follows today (X report)'}
                </button>
              </>
            )}
          </form>
        </div>
      )}
      {closed.length > 0 && (
        <div className="no-print past-shifts" data-testid="past-shifts">
          <h3>Closed shifts</h3>
          <p className="muted">A reading lost to the printer, or wanted again: show it, then print it (the journal marks it a reprint).</p>
          <ul>
            {closed.map((past) => {
              const when = past.closedAt ? printedBy.timeOf(past.closedAt) : '?';
              const readings = [...(past.ownReading ? (['X'] as const) : []), ...(past.endedDay !== false ? (['Z'] as const) : [])];
              return (
                <li key={past.id} data-testid="past-shift" data-shift-id={past.id}>
                  Closed {when}
                  {past.closedBy ? ` by ${printedBy.nameOf(past.closedBy)}` : ''}
                  {/* Found by a walk: two Z readings of one day read alike in this list; the counter the reading prints tells them apart. */}
                  {past.zCounter !== undefined && <span data-testid="past-shift-z-counter">{`, ended the day (Z counter ${past.zCounter})`}</span>}
                  {/* Its own X (kept as it closed) and, when it ended a day, the day's Z. */}
                  {readings.map((reading) => (
                    <span key={reading}>
                      {' '}
                      <button
                        type="button"
                        onClick={() =>
                          void run(
                            async () => setReport(await api.shiftReport({ shiftId: past.id, reading })),
                            `The ${reading} reading could not be read.`,
                          )
                        }
                        // Which shift's, as the row says it: a screen reader's list of buttons read "Z reading" for every one.
                        aria-label={`${reading} reading of the shift closed ${when}`}
                        data-testid={reading === 'X' ? 'past-shift-x' : 'past-shift-z'}
                      >
                        {reading} reading
                      </button>
                    </span>
                  ))}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <p className="no-print journal-export">
        <button
          type="button"
          // Today on the business's wall clock, as the till files each entry (not this machine's date).
          onClick={() => void run(() => exportJournal(), 'The journal could not be exported.')}
          data-testid="journal-export"
        >
          Export today’s electronic journal
        </button>{' '}
        <label>
          Another day{' '}
          <input
            type="date"
            value={journalDayPicked}
            onChange={(event) => setJournalDayPicked(event.target.value)}
            data-testid="journal-export-day"
          />
        </label>{' '}
        <button
          type="button"
          disabled={journalDayPicked === ''}
          onClick={() => void run(() => exportJournal(journalDayPicked), 'The journal could not be exported.')}
          data-testid="journal-export-picked"
        >
          Export that day’s journal
        </button>{' '}
        <button
          type="button"
          onClick={() => void run(async () => setJournalCheck(await api.checkJournal()), 'The journal could not be checked.')}
          data-testid="journal-check-button"
        >
          Check the electronic journal
        </button>
      </p>
      {journalSaved && (
        <p className="notice no-print" role="status" data-testid="journal-export-done">
          {journalSaved}
        </p>
      )}
      {journalCheck && (
        <p
          className={journalCheck.intact ? 'notice no-print' : 'error no-print'}
          role={journalCheck.intact ? 'status' : 'alert'}
          data-testid="journal-check"
          data-intact={journalCheck.intact}
        >
          {journalCheckText(journalCheck)}
        </p>
      )}
      {errorShown('screen')}
      {report && (
        <>
          <ShiftReportView report={report} headingRef={reportHeading} {...printedBy} />
          <button
            type="button"
            className="no-print"
            // Which reading of the shift: a shift that ended the day keeps its own X and the day's Z.
            onClick={() =>
              void printDocument(() => api.recordPrint({ kind: 'reading', id: report.shift.id, reading: report.kind }), printedBy.timeZone)
            }
            data-testid="shift-print"
          >
            Print {report.kind} report
          </button>
        </>
      )}
    </section>
  );
}

/** What the journal check found, in words: intact (with the seal of the last Z to compare with its paper), or where it breaks. */
function journalCheckText(check: JournalCheck): string {
  const n = (value: number) => value.toLocaleString('en-PH');
  const entries = `${n(check.entries)} ${check.entries === 1 ? 'entry' : 'entries'}`;
  if (!check.intact)
    return `Entry ${n(check.brokenAt ?? 0)} of the electronic journal is not as it was written: it was changed, or an entry near it was removed or slipped in. Leave the till as it is and tell the back office.`;
  if (check.entries === 0) return 'The electronic journal is empty: nothing to check yet.';
  if (check.head === null) return `The electronic journal holds ${entries} written before it was sealed: nothing to check yet.`;
  const before =
    (check.chainedFrom ?? 1) > 1 ? ` (entries 1 to ${n((check.chainedFrom ?? 1) - 1)} were written before the seal and are not checked)` : '';
  const [z] = check.seals;
  const lastZ = z
    ? ` The last Z reading${z.zCounter === null ? '' : ` (Z counter ${z.zCounter})`} printed the seal ${z.seal} for entry ${n(z.throughSeq)}: compare it with its paper.`
    : '';
  return `The electronic journal is intact: ${entries}, every one from entry ${n(check.chainedFrom ?? 1)} as it was written${before}.${lastZ}`;
}
