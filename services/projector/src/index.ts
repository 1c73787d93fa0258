export { startProjector } from './projector.ts';
export { leaderLockName } from './locks.ts';
export type { Projector, StartProjectorOptions } from './projector.ts';
export { rebuildReadModels } from './rebuild.ts';
export type { RebuildOptions, RebuildResult } from './rebuild.ts';
export { applyBatch } from './apply-batch.ts';
export type { ApplyBatchOptions, ApplyResult, ProjectorLogger } from './apply-batch.ts';
export { applyBatchSafely } from './apply-safely.ts';
export type { LogEntry } from './decode.ts';
export { buildApp } from './app.ts';
export type { ProjectorDeps } from './app.ts';
export { projectorMetrics } from './metrics.ts';
export type { ProjectorMetrics } from './metrics.ts';
/** @deprecated `readModelsCheckpoint` / `readProjectionCheckpoints` from @rcpx/db. */
export {
  readModelsCheckpoint as readCheckpoint,
  readProjectionCheckpoints as readCheckpoints,
} from '@rcpx/db';
