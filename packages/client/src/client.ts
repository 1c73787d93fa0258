import type {
  AdoptionHistory,
  CloudEvent,
  Flow,
  Item,
  Lineage,
  Problem,
  WriteResult,
} from '@rcpx/contracts';
import { RcpxError } from './errors.ts';
import type { Query } from './methods.ts';
import { adminMethods, type AdminMethods } from './admin.ts';
import { detailMethods, type DetailMethods } from './details.ts';
import { followUpMethods, type FollowUpMethods } from './follow-ups.ts';
import { subscriptionMethods, type SubscriptionMethods } from './subscriptions.ts';
import { liveEvents } from './live.ts';
import type { LiveOptions } from './live.ts';
import type {
  CompilationOptions,
  QueryCompilation,
  QueryDetail,
  QueryInput,
  QueryListParams,
  QueryPage,
  QueryReply,
  ReplyInput,
  ReplyPatch,
  ActivityPage,
  ActivityParams,
  CountryMemberships,
  MembershipOptions,
  MembershipOverlap,
  ParticipantDetail,
  AdoptionInput,
  EventsParams,
  FlowsParams,
  ItemPage,
  ListParams,
  MeetingInput,
  MeetingPatch,
  ParticipantCount,
  PracticeInput,
  PracticePatch,
  PublicationInput,
  PublicationPatch,
  ReadOptions,
  SearchPage,
  SearchParams,
  ThemeCount,
  WithdrawOptions,
  ReplyOptions,
  WriteOptions,
} from './types.ts';

export interface ClientOptions {
  /** The exchange's base URL, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** A bearer token (participant or admin); anonymous without. */
  token?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

/** A typed client of the rcpx HTTP API (see packages/client/README.md). */
export interface RcpxClient
  extends FollowUpMethods, DetailMethods, SubscriptionMethods, AdminMethods {
  publishPractice(body: PracticeInput, opts?: WriteOptions): Promise<WriteResult>;
  /**
   * `version` is the one the change is based on (`If-Match`); 412 when stale. A field of `patch`
   * replaces the item's; an optional one set to `null` is removed.
   */
  revisePractice(
    id: string,
    version: number,
    patch: PracticePatch,
    opts?: WriteOptions,
  ): Promise<WriteResult>;
  withdrawPractice(id: string, opts?: WithdrawOptions): Promise<WriteResult>;
  recordMeeting(body: MeetingInput, opts?: WriteOptions): Promise<WriteResult>;
  /** `outcomes` replaces the list: outcomes keep the `ref` they are sent with. */
  reviseMeeting(
    id: string,
    version: number,
    patch: MeetingPatch,
    opts?: WriteOptions,
  ): Promise<WriteResult>;
  withdrawMeeting(id: string, opts?: WithdrawOptions): Promise<WriteResult>;
  releasePublication(body: PublicationInput, opts?: WriteOptions): Promise<WriteResult>;
  revisePublication(
    id: string,
    version: number,
    patch: PublicationPatch,
    opts?: WriteOptions,
  ): Promise<WriteResult>;
  withdrawPublication(id: string, opts?: WithdrawOptions): Promise<WriteResult>;
  /** `POST /v1/practices/{id}/adoptions`: the token's participant records its stage. */
  recordAdoption(
    practiceId: string,
    body: AdoptionInput,
    opts?: WriteOptions,
  ): Promise<WriteResult>;
  /** Every adoption record of a practice the caller may see, oldest first. */
  adoptions(practiceId: string, opts?: ReadOptions): Promise<AdoptionHistory>;
  /** Ancestors and descendants of a practice through `localPractice` links. */
  lineage(practiceId: string, opts?: ReadOptions): Promise<Lineage>;
  /** Who learns from whom (`GET /v1/stats/flows`). */
  flows(params?: FlowsParams): Promise<Flow[]>;
  listPractices(params?: ListParams): Promise<ItemPage>;
  getPractice(id: string, opts?: ReadOptions): Promise<Item>;
  listMeetings(params?: ListParams): Promise<ItemPage>;
  getMeeting(id: string, opts?: ReadOptions): Promise<Item>;
  listPublications(params?: ListParams): Promise<ItemPage>;
  getPublication(id: string, opts?: ReadOptions): Promise<Item>;
  activity(params?: ActivityParams): Promise<ActivityPage>;
  /** Full-text search across every kind (accents and case ignored), best match first. */
  search(params: SearchParams): Promise<SearchPage>;
  themes(opts?: ReadOptions): Promise<ThemeCount[]>;
  participants(opts?: ReadOptions): Promise<ParticipantCount[]>;
  /** One participant, with a process's `members` and `observers` (each with as-of and source). */
  participant(slug: string, opts?: ReadOptions): Promise<ParticipantDetail>;
  /** The processes a state (ISO 3166-1 alpha-2) is a member or observer of. */
  country(cc: string, opts?: ReadOptions): Promise<CountryMemberships>;
  /** Every other process and the states it shares with `slug`. */
  overlap(slug: string, opts?: ReadOptions): Promise<MembershipOverlap>;
  /** Admin: a state's role in a process (`none` removes it); `org.rcpx.membership.changed`. */
  setMembership(
    participant: string,
    cc: string,
    role: 'member' | 'observer' | 'none',
    opts?: MembershipOptions,
  ): Promise<WriteResult>;
  /** The log after `after` (default 0), one page, filtered by visibility and `params`. */
  events(after?: number, params?: EventsParams): Promise<CloudEvent[]>;
  /** Live events; reconnects and resumes by itself (see `LiveOptions`). */
  live(opts?: LiveOptions): AsyncIterable<CloudEvent>;
  /** Ask the network: launch a query (deadline 1–90 days ahead). */
  launchQuery(body: QueryInput, opts?: WriteOptions): Promise<WriteResult>;
  /**
   * Reply to a query, once (the answer's `id` is the reply's); again with `ifMatch: <version>`
   * to revise the whole reply (`visibility` kept when omitted).
   */
  replyToQuery(queryId: string, body: ReplyInput, opts?: ReplyOptions): Promise<WriteResult>;
  /** Revise a reply (`reply`: its id or its author's slug; `version` for `If-Match`). */
  reviseReply(
    queryId: string,
    reply: string,
    version: number,
    patch: ReplyPatch,
    opts?: WriteOptions,
  ): Promise<WriteResult>;
  /** Close a query (its launcher). */
  closeQuery(queryId: string, opts?: WriteOptions): Promise<WriteResult>;
  /** Queries; `awaiting: '<slug>'` lists what that participant still owes. */
  listQueries(params?: QueryListParams): Promise<QueryPage>;
  /** A query with the replies the caller may read. */
  getQuery(queryId: string, opts?: ReadOptions): Promise<QueryDetail>;
  getReply(queryId: string, reply: string, opts?: ReadOptions): Promise<QueryReply>;
  /** The replies question by question, in one language. */
  queryCompilation(queryId: string, opts?: CompilationOptions): Promise<QueryCompilation>;
}

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    params.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Creates a client. */
export function createClient(opts: ClientOptions): RcpxClient {
  const fetchFn = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const base = opts.baseUrl.replace(/\/+$/, '');

  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const res = await fetchFn(`${base}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) {
      let problem: Problem | undefined;
      try {
        problem = JSON.parse(text) as Problem;
      } catch {
        problem = undefined;
      }
      throw new RcpxError(res.status, problem, res.headers);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  const queryPath = (id: string) => `/v1/queries/${encodeURIComponent(id)}`;
  const writeHeaders = (o?: WriteOptions): Record<string, string> =>
    o?.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {};
  const list = (kind: string) => (params?: ListParams) =>
    request<ItemPage>('GET', withQuery(`/v1/${kind}`, params as Query));
  const get = (kind: string) => (id: string, o?: ReadOptions) =>
    request<Item>('GET', withQuery(`/v1/${kind}/${encodeURIComponent(id)}`, { ...o }));

  const revise = (kind: string) => (id: string, version: number, patch: object, o?: WriteOptions) =>
    request<WriteResult>('PATCH', `/v1/${kind}/${encodeURIComponent(id)}`, patch, {
      ...writeHeaders(o),
      'if-match': `"${version}"`,
    });
  const withdraw = (kind: string) => (id: string, o?: WithdrawOptions) =>
    request<WriteResult>(
      'DELETE',
      `/v1/${kind}/${encodeURIComponent(id)}`,
      o?.reason !== undefined ? { reason: o.reason } : undefined,
      {
        ...writeHeaders(o),
        ...(o?.version !== undefined ? { 'if-match': `"${o.version}"` } : {}),
      },
    );

  return {
    publishPractice: (body, o) => request('POST', '/v1/practices', body, writeHeaders(o)),
    revisePractice: revise('practices'),
    withdrawPractice: withdraw('practices'),
    recordMeeting: (body, o) => request('POST', '/v1/meetings', body, writeHeaders(o)),
    reviseMeeting: revise('meetings'),
    withdrawMeeting: withdraw('meetings'),
    releasePublication: (body, o) => request('POST', '/v1/publications', body, writeHeaders(o)),
    revisePublication: revise('publications'),
    withdrawPublication: withdraw('publications'),
    recordAdoption: (practiceId, body, o) =>
      request(
        'POST',
        `/v1/practices/${encodeURIComponent(practiceId)}/adoptions`,
        body,
        writeHeaders(o),
      ),
    adoptions: (practiceId, o) =>
      request(
        'GET',
        withQuery(`/v1/practices/${encodeURIComponent(practiceId)}/adoptions`, { ...o }),
      ),
    lineage: (practiceId, o) =>
      request(
        'GET',
        withQuery(`/v1/practices/${encodeURIComponent(practiceId)}/lineage`, { ...o }),
      ),
    flows: (params) => request('GET', withQuery('/v1/stats/flows', params as Query)),
    listPractices: list('practices'),
    getPractice: get('practices'),
    listMeetings: list('meetings'),
    getMeeting: get('meetings'),
    listPublications: list('publications'),
    getPublication: get('publications'),
    activity: (params) => request('GET', withQuery('/v1/activity', params as Query)),
    search: (params) => request('GET', withQuery('/v1/search', params as Query)),
    themes: async (o) =>
      (await request<{ items: ThemeCount[] }>('GET', withQuery('/v1/themes', { ...o }))).items,
    participants: async (o) =>
      (await request<{ items: ParticipantCount[] }>('GET', withQuery('/v1/participants', { ...o })))
        .items,
    participant: (slug, o) =>
      request('GET', withQuery(`/v1/participants/${encodeURIComponent(slug)}`, { ...o })),
    country: (cc, o) =>
      request('GET', withQuery(`/v1/countries/${encodeURIComponent(cc)}`, { ...o })),
    overlap: (slug, o) =>
      request('GET', withQuery(`/v1/participants/${encodeURIComponent(slug)}/overlap`, { ...o })),
    setMembership: (participant, cc, role, o) => {
      const path = `/v1/participants/${encodeURIComponent(participant)}/memberships/${encodeURIComponent(cc)}`;
      const about = {
        ...(o?.asOf !== undefined ? { asOf: o.asOf } : {}),
        ...(o?.source !== undefined ? { source: o.source } : {}),
      };
      return role === 'none'
        ? request(
            'DELETE',
            path,
            Object.keys(about).length > 0 ? about : undefined,
            writeHeaders(o),
          )
        : request('PUT', path, { role, ...about }, writeHeaders(o));
    },
    events: (after = 0, params) =>
      request('GET', withQuery('/v1/events', { ...(params as Query), after }), undefined, {
        accept: 'application/cloudevents-batch+json, application/json',
      }),
    live: (liveOpts = {}) =>
      liveEvents({ baseUrl: base, token: opts.token, fetch: fetchFn }, liveOpts),
    launchQuery: (body, o) => request('POST', '/v1/queries', body, writeHeaders(o)),
    replyToQuery: (id, body, o) =>
      request('POST', `${queryPath(id)}/replies`, body, {
        ...writeHeaders(o),
        ...(o?.ifMatch === undefined ? {} : { 'if-match': `"${o.ifMatch}"` }),
      }),
    reviseReply: (id, reply, version, patch, o) =>
      request('PATCH', `${queryPath(id)}/replies/${encodeURIComponent(reply)}`, patch, {
        ...writeHeaders(o),
        'if-match': `"${version}"`,
      }),
    closeQuery: (id, o) => request('POST', `${queryPath(id)}/close`, undefined, writeHeaders(o)),
    listQueries: (params) => request('GET', withQuery('/v1/queries', params as Query)),
    getQuery: (id, o) => request('GET', withQuery(queryPath(id), { ...o })),
    getReply: (id, reply, o) =>
      request('GET', withQuery(`${queryPath(id)}/replies/${encodeURIComponent(reply)}`, { ...o })),
    queryCompilation: (id, o) =>
      request('GET', withQuery(`${queryPath(id)}/compilation`, { ...o })),
    ...followUpMethods(request, withQuery, writeHeaders),
    ...detailMethods(request, withQuery),
    ...subscriptionMethods(request, withQuery),
    ...adminMethods(request, withQuery),
  };
}
