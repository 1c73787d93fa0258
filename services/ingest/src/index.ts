export { buildApp } from './app.ts';
export type { IngestDeps } from './app.ts';
export { ingestRoutes } from './routes/index.ts';
export { buildEvent } from './events.ts';
export type { EventSpec } from './events.ts';
export { bodyHashFor, canonicalJson, msgIdFor } from './idempotency.ts';
export { handleMembership } from './commands/membership/handler.ts';
export type { SetMembership } from './commands/membership/decide.ts';
