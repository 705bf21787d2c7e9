import type pino from 'pino';
import { Compile } from 'typebox/compile';
import {
  MAX_VOID_REASON,
  VOIDED_DOCUMENTS_PATH,
  VoidedDocumentRecordedSchema,
  VoidedDocumentSchema,
  withoutUnseen,
  type VoidedDocument,
} from '../../protocol';
import type { Migration } from '../store/migrations';
import type { TerminalDb } from '../store/terminal-db';
import type { BackOfficeClient, Connection } from './back-office-client';
import { isBackOfficeProblem, problemOf } from './delivery';

/**
 * v24: what the back office was told of each voided sale and refund. `voided_by_name`: the
 * manager's name as on the roster when it was voided (`voided_by` keeps their code);
 * `void_reported_at`: when the back office recorded the void (null: not yet);
 * `void_report_code` / `_message`: the back office's refusal of it, kept and not sent again.
 * Voids from before get the name of the code's roster entry, and are reported like new ones.
 */
export const voidReportsMigration = (version: number): Migration => ({
  version,
  name: 'outbox: voided sales and refunds reported to the back office',
  sql: `
    ALTER TABLE outbox ADD COLUMN voided_by_name TEXT;
    ALTER TABLE outbox ADD COLUMN void_reported_at TEXT;
    ALTER TABLE outbox ADD COLUMN void_report_code TEXT;
    ALTER TABLE outbox ADD COLUMN void_report_message TEXT;
    UPDATE outbox SET voided_by_name = (SELECT name FROM cashiers WHERE cashiers.code = outbox.voided_by) WHERE state = 'voided';
  `,
});

/** The voided entries whose number the till gave (sales and refunds), not reported yet nor refused: read through outbox_state_seq. */
const UNREPORTED = "state = 'voided' AND kind IN ('sale', 'refund') AND void_reported_at IS NULL AND void_report_code IS NULL";

interface UnreportedRow {
  id: string;
  key: string;
  kind: 'sale' | 'refund';
  body: string;
  document_number: string;
  value_minor: number;
  created_at: string;
  voided_at: string;
  voided_by: string | null;
  voided_by_name: string | null;
  void_reason: string | null;
}

/** A name as the back office keeps one: its unseen characters left out, at most 64 characters (shortened with "…"). */
function asManagerName(name: string | null, code: string | null): string {
  const clean = withoutUnseen(name ?? '').trim();
  const shown = clean === '' ? withoutUnseen(code ?? '').trim() || 'a manager' : clean;
  const chars = [...shown];
  return chars.length <= 64 ? shown : `${chars.slice(0, 63).join('').trimEnd()}…`;
}

const isVoided = Compile(VoidedDocumentSchema);
const isRecorded = Compile(VoidedDocumentRecordedSchema);

/**
 * The sales and refunds a manager voided in the sync queue: they never reach the back office,
 * so the till tells it their numbers were voided, by whom, when and why
 * (`POST /v1/terminals/voided-documents`, one per request). Each is kept on its outbox entry
 * until the back office answers that it recorded it; the back office keeps one per (terminal,
 * number), so a report whose answer was lost is simply sent again.
 */
export class VoidReports {
  private readonly st;

  constructor(private readonly db: TerminalDb) {
    this.st = {
      unreported: db.prepare(
        `SELECT id, key, kind, body, document_number, value_minor, created_at, voided_at, voided_by, voided_by_name, void_reason
         FROM outbox WHERE ${UNREPORTED} ORDER BY seq LIMIT ?`,
      ),
      reported: db.prepare("UPDATE outbox SET void_reported_at = ? WHERE id = ? AND state = 'voided' AND void_reported_at IS NULL"),
      refused: db.prepare(
        "UPDATE outbox SET void_report_code = ?, void_report_message = ? WHERE id = ? AND state = 'voided' AND void_reported_at IS NULL",
      ),
    };
  }

  /** The oldest voids not reported yet, each as the back office takes it. */
  unreported(limit: number): { id: string; report: VoidedDocument }[] {
    return (this.st.unreported.all(limit) as UnreportedRow[]).map((row) => {
      const body = JSON.parse(row.body) as { occurredAt?: unknown };
      return {
        id: row.id,
        report: {
          kind: row.kind,
          localNumber: row.document_number,
          key: row.key,
          occurredAt: typeof body.occurredAt === 'string' ? body.occurredAt : row.created_at,
          valueMinor: Math.max(0, row.value_minor),
          voidedAt: row.voided_at,
          voidedBy: asManagerName(row.voided_by_name, row.voided_by),
          reason: [...(row.void_reason ?? '')].slice(0, MAX_VOID_REASON).join('') || 'voided',
        },
      };
    });
  }

  reported(id: string, at: string): void {
    this.st.reported.run(at, id);
  }

  refused(id: string, code: string, message: string): void {
    this.st.refused.run(code, message, id);
  }
}

/** Voids reported per turn at most (one request each): a till's whole history after an upgrade goes over a few turns. */
const PER_TURN = 50;

/**
 * Reports the voids not reported yet, oldest first, one request each, until one fails. Its
 * answers:
 * - 201 or 200 with the back office's record: reported (200: it had it already, a retry).
 * - no answer, a 5xx, a 401, 408, 409 `request_in_progress`, 429, or anything that is not
 *   the back office's own problem+json: tried again at the next turn.
 * - 404 `not_found`: a back office from before this route (it answers an unknown route so,
 *   before reading the body). Nothing is lost: the voids wait on the till and go once it is
 *   upgraded; the sync queue is not touched. Logged once per core.
 * - another 4xx problem+json (409 `voided_document_recorded`, `voided_number_conflict`, 400):
 *   the back office will not record it; its code and detail are kept on the entry and it is
 *   not sent again.
 */
export async function reportVoids(
  reports: VoidReports,
  client: BackOfficeClient,
  link: Connection,
  logger: pino.Logger,
  olderBackOffice: { logged: boolean },
): Promise<number> {
  let reported = 0;
  for (const { id, report } of reports.unreported(PER_TURN)) {
    // A void the back office would refuse on its shape stays here, with the reason, rather than be refused every turn.
    const shown = report.localNumber;
    if (!isVoided.Check(report)) {
      reports.refused(id, 'validation_failed', `${shown} cannot be reported as it is stored on the till (its number, key or times).`);
      continue;
    }
    const outcome = await client.send(link, 'POST', VOIDED_DOCUMENTS_PATH, { json: JSON.stringify(report) });
    if (outcome.kind === 'no_answer') return reported;
    if ((outcome.status === 200 || outcome.status === 201) && isRecorded.Check(outcome.body)) {
      reports.reported(id, new Date().toISOString());
      reported += 1;
      continue;
    }
    const problem = problemOf(outcome.status, outcome.body);
    const fromBackOffice = isBackOfficeProblem(outcome);
    if (fromBackOffice && outcome.status === 404 && problem.code === 'not_found') {
      if (!olderBackOffice.logged)
        logger.info('the back office does not take voided documents yet (an older version): they wait on the till until it is upgraded');
      olderBackOffice.logged = true;
      return reported;
    }
    const transient = !fromBackOffice || outcome.status >= 500 || [401, 408, 429].includes(outcome.status) || problem.code === 'request_in_progress';
    if (transient) return reported;
    reports.refused(id, problem.code, problem.detail);
    logger.warn(
      { localNumber: report.localNumber, status: outcome.status, code: problem.code, detail: problem.detail },
      'voided document refused by the back office',
    );
  }
  return reported;
}
