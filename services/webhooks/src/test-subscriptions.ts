// Test helpers of this service's tests for the subscriptions API (not part of the exported API).
import type { App } from '@rcpx/service-kit';
import { waitFor } from '@rcpx/testing';

/** `POST /v1/subscriptions` on `app` with `headers`; the response's JSON (status unchecked). */
export async function subscribe(app: App, headers: Record<string, string>, payload: object) {
  return (await app.inject({ method: 'POST', url: '/v1/subscriptions', headers, payload })).json();
}

/** Waits until subscription `id` is disabled; its JSON then. */
export function disabledSubscription(
  app: App,
  headers: Record<string, string>,
  id: string,
  timeoutMs: number,
) {
  return waitFor(
    async () => {
      const r = (await app.inject({ url: `/v1/subscriptions/${id}`, headers })).json();
      return r.active === false ? r : null;
    },
    { timeoutMs },
  );
}
