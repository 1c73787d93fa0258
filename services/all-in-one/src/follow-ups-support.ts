import type { Test } from 'tap';
import { startTestExchange } from './test-exchange.ts';

// Test-only: the exchange of `startTestExchange` and a `call` that answers with the parsed body —
// for the follow-up tests.

export interface Answer {
  status: number;
  headers: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export type Call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  as?: string | null,
  payload?: object,
  headers?: Record<string, string>,
) => Promise<Answer>;

/** The app and `call(method, url, as, payload?, headers?)`: `as` a participant, null anonymous. */
export async function startExchange(t: Test): Promise<{ call: Call; admin: string }> {
  const { request, admin } = await startTestExchange(t, {
    admin: 'follow-ups-admin',
    env: { RCPX_RATE_LIMIT: '1000000' },
  });
  const call: Call = async (method, url, as = null, payload, headers = {}) => {
    const res = await request(method, url, as, payload, headers);
    const type = String(res.headers['content-type'] ?? '');
    return {
      status: res.statusCode,
      headers: res.headers,
      body: type.includes('json') ? res.json() : res.body,
    };
  };
  return { call, admin };
}

/** A meeting body: a declaration `r1` and the outcomes given. */
export function meetingBody(outcomes: object[], visibility: object = { level: 'public' }) {
  return {
    meeting: {
      title: { en: 'Senior Officials Meeting', fr: 'Réunion des hauts fonctionnaires' },
      level: 'senior-officials',
      startsOn: '2005-04-14',
    },
    outcomes: [{ ref: 'r1', kind: 'declaration', text: { en: 'We commit.' } }, ...outcomes],
    themes: ['trafficking'],
    visibility,
  };
}
