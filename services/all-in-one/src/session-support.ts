import type { LightMyRequestResponse } from 'fastify';
import type { App } from '@rcpx/service-kit';

// Test-only: browser sessions against an in-process app — sign in, and requests by the cookie.

/** A signed-in browser: its Set-Cookie line, the cookie to send, its CSRF token. */
export interface BrowserSession {
  line: string;
  cookie: string;
  csrf: string;
}

/** The `rcpx_session` Set-Cookie line of an answer (throws without one). */
export function cookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const line = (Array.isArray(header) ? header : [header ?? '']).find((c) =>
    c.startsWith('rcpx_session='),
  );
  if (!line) throw new Error(`no session cookie in ${JSON.stringify(res.headers)}`);
  return line;
}

/** Signs in with `token` (204 expected). */
export async function signIn(app: App, token: string): Promise<BrowserSession> {
  const res = await app.inject({ method: 'POST', url: '/v1/session', payload: { token } });
  if (res.statusCode !== 204) throw new Error(`sign-in: ${res.statusCode} ${res.body}`);
  const line = cookieOf(res);
  return { line, cookie: line.split(';')[0]!, csrf: String(res.headers['x-csrf-token']) };
}

/** A request by the session's cookie, with a CSRF token (the session's own unless given). */
export function byCookie(
  app: App,
  s: BrowserSession,
  method: 'POST' | 'DELETE',
  url: string,
  payload?: object,
  csrf = s.csrf,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: { cookie: s.cookie, 'x-csrf-token': csrf },
    ...(payload ? { payload } : {}),
  });
}
