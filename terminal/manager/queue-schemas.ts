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

export const VoidRecordSchema = Type.Object({ at: Type.String(), by: Type.String(), reason: Type.String() });
export type VoidRecord = Static<typeof VoidRecordSchema>;
