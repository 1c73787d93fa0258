export type { Database } from './database.ts';
export type { TokensTable, TokenRow } from './tokens.table.ts';
export type { SessionsTable, SessionRow } from './sessions.table.ts';
export type * from './read-models.table.ts';
export type * from './webhooks.table.ts';
export type * from './follow-ups.table.ts';
export { createDb, checkpointNotices } from './create-db.ts';
export {
  CHECKPOINT_CHANNEL,
  parseCheckpointNotice,
  type CheckpointNotice,
  type CheckpointNotices,
} from './checkpoint-notices.ts';
export {
  COPY_MIN_ROWS,
  copyRows,
  copyText,
  jsonText,
  replaceRows,
  toCopyText,
  upsertRows,
} from './copy.ts';
export { runStatements, runTransaction, type TransactionEnd } from './statements.ts';
export type { CopyTarget, JsonText } from './copy.ts';
export { migrateCore, migrateReadModels, readModels } from './migrate.ts';
export {
  hashToken,
  generateToken,
  insertToken,
  findTokenByHash,
  findTokenStateByHash,
  revokeToken,
  liveTokenOf,
} from './tokens.repository.ts';
export {
  openSession,
  findSession,
  endSession,
  type LiveSession,
  type NewSession,
} from './sessions.repository.ts';
export { visibleTo } from './visibility.ts';
export {
  readModelsCheckpoint,
  readModelsCheckpointQuery,
  readProjectionCheckpoints,
  notifyCheckpoint,
  notifyCheckpointStatement,
} from './checkpoint.repository.ts';
export { advisoryLockKey } from './advisory-lock.ts';
export { eventMatches, itemMatches } from './filters.ts';
export {
  loadMembershipOverrides,
  loadMemberships,
  withMemberOf,
} from './memberships.repository.ts';
