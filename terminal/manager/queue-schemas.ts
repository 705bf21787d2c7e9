import { Type, type Static } from 'typebox';
import { ManagerApprovalSchema } from './approval-schema';

export const VoidEntryArgsSchema = Type.Object({
  /** The queue entry's id, or the id of the document it carries. */
  id: Type.String({ minLength: 1, maxLength: 64 }),
  reason: Type.String({ minLength: 3, maxLength: 500 }),
  approval: ManagerApprovalSchema,
});
export type VoidEntryArgs = Static<typeof VoidEntryArgsSchema>;

/** How many queued writes are in each state: the manager's filter buttons. */
export const QueueCountsSchema = Type.Object({
  pending: Type.Integer(),
  sending: Type.Integer(),
  needs_attention: Type.Integer(),
  synced: Type.Integer(),
  voided: Type.Integer(),
});
export type QueueCounts = Static<typeof QueueCountsSchema>;

export const VoidRecordSchema = Type.Object({
  at: Type.String(),
  /** The manager's code. */
  by: Type.String(),
  reason: Type.String(),
  /**
   * A voided sale or refund: when the back office recorded that its number was voided (null:
   * not yet, e.g. offline or an older back office); absent for other kinds of entries.
   */
  reportedAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** The back office's refusal of that report ("voided_document_recorded: …"), kept; it is not sent again. */
  reportRefused: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type VoidRecord = Static<typeof VoidRecordSchema>;
