import { lastOnSubject, subjectFor, type Bus, type StoredEvent } from '@rcpx/bus';
import {
  canRead,
  participantOfSource,
  RoutingFields,
  type ItemKind,
  type Reader,
  type Visibility,
} from '@rcpx/contracts';
import { problem, ProblemError } from '@rcpx/service-kit';
import { etagOf, ifMatchAccepts, type IfMatch } from './if-match.ts';
import type { Idempotency } from './idempotency.ts';
import { replayOrFail, type WriteOutcome } from './write-path.ts';

/** The current state of an aggregate as its last message in the log says. */
export interface Current {
  kind: ItemKind;
  id: string;
  subject: string;
  last: StoredEvent;
  version: number;
  owner: string;
  data: Record<string, unknown>;
  withdrawn: boolean;
}

// An event whose routing fields do not parse is treated as the most restrictive visibility.
const MEMBERS: Visibility = { level: 'members' };

/**
 * Loads an aggregate for a write by `participant`: 404 when it does not exist or the writer may
 * not read it (existence is not leaked), 403 when the writer is not its owner.
 */
export async function loadForWrite(
  bus: Bus,
  reader: Reader,
  participant: string,
  kind: ItemKind,
  id: string,
): Promise<Current> {
  const subject = subjectFor(bus, kind, id);
  const last = await lastOnSubject(bus, subject);
  const notFound = problem.notFound(`No ${kind} ${id}.`);
  if (!last) throw notFound;
  const owner = participantOfSource(last.event.source);
  const routing = RoutingFields.safeParse(last.event.data);
  const visibility = routing.success ? routing.data.visibility : MEMBERS;
  if (!canRead(reader, visibility, owner)) throw notFound;
  if (owner !== participant) {
    throw problem.forbidden(`Only ${owner}, the publisher of this ${kind}, may change it.`);
  }
  return {
    kind,
    id,
    subject,
    last,
    version: last.event.rcpxversion,
    owner,
    data: last.event.data,
    withdrawn: last.event.type.endsWith('.withdrawn'),
  };
}

/**
 * The preconditions of a revision/withdrawal: withdrawn → 409, `If-Match` not matching → 412 (with
 * the current `ETag`). On either, a request whose key already wrote to this aggregate is answered
 * as that write's retry. Returns that replay, or null when the write may proceed.
 */
export async function checkPreconditions(
  bus: Bus,
  current: Current,
  ifMatch: IfMatch | undefined,
  idem: Idempotency | undefined,
): Promise<WriteOutcome | null> {
  let failure: ProblemError | undefined;
  if (current.withdrawn) {
    failure = problem.conflict(`The ${current.kind} ${current.id} is withdrawn.`);
  } else if (ifMatch && !ifMatchAccepts(ifMatch, current.version)) {
    failure = new ProblemError(
      412,
      'Precondition Failed',
      `If-Match does not match: the ${current.kind} is at version ${current.version}.`,
      { headers: { etag: etagOf(current.version) } },
    );
  }
  if (!failure) return null;
  return replayOrFail(bus, current.subject, idem, failure);
}
