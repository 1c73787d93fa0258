export { RealignError } from './handler.ts';
export type { CheckpointedHandler, ProcessorLogger } from './handler.ts';
export { startProcessor } from './processor.ts';
export type { Processor, ProcessorOptions } from './processor.ts';
export { processRange } from './replay-range.ts';
export type { ProcessRangeOptions } from './replay-range.ts';
export { whileLeading, HEARTBEAT_MS } from './leader-lock.ts';
export type { LeaderLockOptions } from './leader-lock.ts';
