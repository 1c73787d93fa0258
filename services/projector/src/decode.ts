import {
  decodeLogEvent,
  type DecodedLogEvent,
  type LogEntry as ContractsLogEntry,
  type LogEvent,
} from '@rcpx/contracts';

// The projector reads the log through the one decoder of `@rcpx/contracts` (`decodeLogEvent`);
// these are its names in the projector's code.

/** A message of the log as the projector needs it (a `StoredEvent` of `@rcpx/bus` fits). */
export type LogEntry = ContractsLogEntry;
/** An event of the log, checked and ready for the projections' `evolve`. */
export type ProjectedEvent = LogEvent;
export type Decoded = DecodedLogEvent;
/** `decodeLogEvent`. */
export const decode = decodeLogEvent;
