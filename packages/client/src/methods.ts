// What the method groups (follow-ups, subscriptions, …) are built over: the client's own request
// and query-string helpers, passed in by createClient (not part of the public API).

export type Request = <T>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<T>;
export type Query = Record<string, string | number | readonly string[] | undefined>;
