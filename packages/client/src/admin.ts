import type { z } from 'zod';
import type {
  SkippedEventList,
  SkippedEventsQuery,
  TokenCreateBody,
  TokenCreated,
} from '@rcpx/contracts';
import type { Query, Request } from './methods.ts';

/** `POST /v1/admin/tokens` body: a participant, its role, an optional label. */
export type TokenInput = z.input<typeof TokenCreateBody>;
/** A new token: `token` is shown once (only its hash is stored), `id` revokes it. */
export type NewToken = z.infer<typeof TokenCreated>;
export type SkippedEventsParams = { [K in keyof z.input<typeof SkippedEventsQuery>]?: number };
export type SkippedEventPage = z.infer<typeof SkippedEventList>;

/** The admin methods (admin token; `setMembership` is with the other writes). */
export interface AdminMethods {
  createToken(body: TokenInput): Promise<NewToken>;
  /** Revokes a live token (it stops working within a couple of seconds). */
  revokeToken(id: string): Promise<void>;
  /** The events of the log the read models could not apply, and why, by seq (`after` pages). */
  skippedEvents(params?: SkippedEventsParams): Promise<SkippedEventPage>;
}

/** The admin methods over the client's `request` and `withQuery`. */
export function adminMethods(
  request: Request,
  withQuery: (path: string, query?: Query) => string,
): AdminMethods {
  return {
    createToken: (body) => request('POST', '/v1/admin/tokens', body),
    revokeToken: (id) => request('DELETE', `/v1/admin/tokens/${encodeURIComponent(id)}`),
    skippedEvents: (params) => request('GET', withQuery('/v1/admin/skipped-events', params)),
  };
}
