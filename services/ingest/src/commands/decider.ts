import type { Reader } from '@rcpx/contracts';
import type { IfMatch } from '../if-match.ts';

// The write model of an item kind as a decider: `decide(command, state)` → events or a domain
// error, `evolve(state, event)` → state. Pure: no log, no HTTP (see handler.ts for the I/O).

/** Who sends a command: the token's participant and what it may read. */
export interface Actor {
  participant: string;
  reader: Reader;
}

/** The commands every item kind takes. Bodies are already schema-valid. */
export type ItemCommand =
  | { type: 'create'; id: string; actor: Actor; data: Record<string, unknown> }
  | { type: 'revise'; id: string; actor: Actor; patch: Record<string, unknown>; ifMatch: IfMatch }
  | {
      type: 'withdraw';
      id: string;
      actor: Actor;
      reason?: string | undefined;
      ifMatch?: IfMatch | undefined;
    };

/** An event as decided: its type and data (the handler adds the envelope). */
export interface DecidedEvent {
  type: string;
  data: Record<string, unknown>;
}

/** An event as evolved: as decided, with who wrote it and the version it made. */
export interface RecordedEvent extends DecidedEvent {
  owner: string;
  version: number;
}

/** Why a command is refused (mapped to a problem by the route). */
export type DomainError =
  | { code: 'not-found'; detail: string }
  | { code: 'forbidden'; detail: string }
  | { code: 'withdrawn'; detail: string }
  | { code: 'conflict'; detail: string }
  /** `version`: the current one (the 412's `ETag`); undefined when there is none yet. */
  | { code: 'version-mismatch'; detail: string; version: number | undefined }
  | { code: 'invalid'; detail: string; errors: { path: string; message: string }[] };

/**
 * What `decide` answers: the event to append, or why not. One event per command: the log appends
 * one message atomically (with its expected subject sequence and msg id).
 */
export type Decision = { ok: true; event: DecidedEvent } | { ok: false; error: DomainError };

/** An item as its events say: nothing yet, or its owner, version, status and last data. */
export type ItemState<Extra = unknown> =
  | { status: 'none' }
  | {
      status: 'active' | 'withdrawn';
      owner: string;
      version: number;
      /** The last full state (a withdrawal keeps the data it carries). */
      data: Record<string, unknown>;
      /** What a kind keeps across events (a meeting: every outcome ref it ever used). */
      extra: Extra;
    };

/** A kind's decider. */
export interface Decider<Extra = unknown> {
  initialState(): ItemState<Extra>;
  decide(command: ItemCommand, state: ItemState<Extra>): Decision;
  evolve(state: ItemState<Extra>, event: RecordedEvent): ItemState<Extra>;
}

/** A decision to append `event`. */
export const accept = (event: DecidedEvent): Decision => ({ ok: true, event });

/** A decision to refuse with `error`. */
export const refuse = (error: DomainError): Decision => ({ ok: false, error });
