import type { z } from 'zod';
import {
  canRead,
  routingOf,
  type ItemKind,
  type Localized,
  type WithdrawnData,
} from '@rcpx/contracts';
import { ifMatchAccepts } from '../if-match.ts';
import { canonicalJson } from '../idempotency.ts';
import {
  accept,
  refuse,
  type Decider,
  type Decision,
  type DomainError,
  type ItemCommand,
  type ItemState,
  type RecordedEvent,
} from './decider.ts';

// The rules every item kind shares, as pure functions its decide/evolve compose.

/** The event types of a kind's life: created, revised, withdrawn. */
export interface ItemTypes {
  created: string;
  revised: string;
  withdrawn: string;
}

/** What the shared rules need to know of a kind. */
export interface ItemRules<Extra> {
  kind: ItemKind;
  types: ItemTypes;
  /** The full state (the data of a creation; of a revision without `changed`). */
  schema: z.ZodType<Record<string, unknown>>;
  /** The title a withdrawal carries. */
  titleOf: (data: Record<string, unknown>) => Localized;
  /** Completes a state before it is validated (a meeting assigns outcome refs). */
  complete?: (data: Record<string, unknown>, extra: Extra) => Record<string, unknown>;
  initialExtra: () => Extra;
  /** What `extra` becomes after an event's data (a meeting adds its outcome refs). */
  evolveExtra?: (extra: Extra, data: Record<string, unknown>) => Extra;
}

/**
 * Whether `command`'s actor may change the item: 404 when it does not exist or the actor may not
 * read it (existence is not leaked), 403 when not its owner, 409 when withdrawn, 412 when
 * `If-Match` names another version.
 */
export function guardChange<Extra>(
  kind: ItemKind,
  id: string,
  command: Exclude<ItemCommand, { type: 'create' }>,
  state: ItemState<Extra>,
): DomainError | null {
  const notFound: DomainError = { code: 'not-found', detail: `No ${kind} ${id}.` };
  if (state.status === 'none') return notFound;
  // an item whose visibility does not read is members-only (the most restrictive)
  const { visibility } = routingOf(state.data);
  if (!canRead(command.actor.reader, visibility, state.owner)) return notFound;
  if (state.owner !== command.actor.participant) {
    return {
      code: 'forbidden',
      detail: `Only ${state.owner}, the publisher of this ${kind}, may change it.`,
    };
  }
  if (state.status === 'withdrawn') {
    return { code: 'withdrawn', detail: `The ${kind} ${id} is withdrawn.` };
  }
  if (command.ifMatch && !ifMatchAccepts(command.ifMatch, state.version)) {
    return {
      code: 'version-mismatch',
      detail: `If-Match does not match: the ${kind} is at version ${state.version}.`,
      version: state.version,
    };
  }
  return null;
}

/** A creation: the created event with the (completed) data; only of an item that is not yet. */
export function decideCreate<Extra>(
  rules: ItemRules<Extra>,
  command: Extract<ItemCommand, { type: 'create' }>,
  state: ItemState<Extra>,
): Decision {
  if (state.status !== 'none') {
    return refuse({ code: 'conflict', detail: `The ${rules.kind} ${command.id} exists.` });
  }
  const data = rules.complete ? rules.complete(command.data, rules.initialExtra()) : command.data;
  return accept({ type: rules.types.created, data });
}

/**
 * A revision: the patch's top-level fields merged over the last state (JSON Merge Patch style: a
 * value replaces, `null` removes the field), completed, validated as the kind's full state (400
 * naming `body.<field>` otherwise, e.g. a required field removed), with `changed` listing the
 * fields whose value changed or that were removed. A patch that changes nothing is still a
 * revision (`changed: []`).
 */
export function decideRevise<Extra>(
  rules: ItemRules<Extra>,
  command: Extract<ItemCommand, { type: 'revise' }>,
  state: ItemState<Extra>,
): Decision {
  const refused = guardChange(rules.kind, command.id, command, state);
  if (refused) return refuse(refused);
  if (state.status === 'none') throw new Error('unreachable');
  const base = state.data;
  let merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(command.patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  if (rules.complete) merged = rules.complete(merged, state.extra);
  const parsed = rules.schema.safeParse(merged);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({
      path: ['body', ...i.path.map(String)].join('.'),
      message: i.message,
    }));
    return refuse({
      code: 'invalid',
      detail:
        errors.length === 1
          ? `${errors[0]!.path}: ${errors[0]!.message}`
          : `The revised ${rules.kind} is invalid.`,
      errors,
    });
  }
  const keys = new Set([...Object.keys(command.patch), ...Object.keys(merged)]);
  const changed = [...keys].filter((k) => canonicalJson(base[k]) !== canonicalJson(merged[k]));
  return accept({ type: rules.types.revised, data: { ...parsed.data, changed } });
}

/** A withdrawal: title, themes and visibility of the last state (routable alone), and reason. */
export function decideWithdraw<Extra>(
  rules: ItemRules<Extra>,
  command: Extract<ItemCommand, { type: 'withdraw' }>,
  state: ItemState<Extra>,
): Decision {
  const refused = guardChange(rules.kind, command.id, command, state);
  if (refused) return refuse(refused);
  if (state.status === 'none') throw new Error('unreachable');
  const last = state.data as Partial<WithdrawnData>;
  const data: WithdrawnData = {
    title: rules.titleOf(state.data),
    themes: last.themes!,
    visibility: last.visibility!,
    ...(command.reason !== undefined ? { reason: command.reason } : {}),
  };
  return accept({ type: rules.types.withdrawn, data });
}

/** The state after an event of the kind's life; other event types leave it as it is. */
export function evolveItem<Extra>(
  rules: ItemRules<Extra>,
  state: ItemState<Extra>,
  event: RecordedEvent,
): ItemState<Extra> {
  const { type, owner, version } = event;
  if (type === rules.types.created || type === rules.types.revised) {
    const { changed: _changed, ...data } = event.data;
    const extra = state.status === 'none' ? rules.initialExtra() : state.extra;
    return {
      status: 'active',
      owner,
      version,
      data,
      extra: rules.evolveExtra ? rules.evolveExtra(extra, data) : extra,
    };
  }
  if (type === rules.types.withdrawn && state.status !== 'none') {
    return { ...state, status: 'withdrawn', version, data: event.data };
  }
  return state;
}

/** The decide/evolve of a kind whose items live by the shared rules (create, revise, withdraw). */
export function itemDecider<Extra>(rules: ItemRules<Extra>): Decider<Extra> {
  return {
    decide(command: ItemCommand, state: ItemState<Extra>): Decision {
      switch (command.type) {
        case 'create':
          return decideCreate(rules, command, state);
        case 'revise':
          return decideRevise(rules, command, state);
        case 'withdraw':
          return decideWithdraw(rules, command, state);
      }
    },
    evolve: (state: ItemState<Extra>, event: RecordedEvent) => evolveItem(rules, state, event),
    initialState: (): ItemState<Extra> => ({ status: 'none' }),
  };
}
