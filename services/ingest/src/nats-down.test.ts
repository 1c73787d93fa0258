// Fault test: the app's NATS server (its own, started here) dies and comes back.
import t from 'tap';
import { startNatsServer, waitFor } from '@rcpx/testing';
import { auth, json, practice, setup } from './test-setup.ts';

const nats = await startNatsServer();
t.teardown(() => nats.dispose());
const h = await setup(t, nats.url);
const bali = await h.mint('bali-process');

/**
 * `fn`'s result, or a rejection if it has not settled within a minute: a request during the
 * outage must be answered (503), never hang. The bound only tells a hang from an answer (the
 * append times out after 2 s); how fast the answer comes is not asserted (a loaded machine).
 */
async function answered<T>(fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer within 60 s: the request hangs')), 60_000);
  });
  try {
    return await Promise.race([fn(), hang]);
  } finally {
    clearTimeout(timer);
  }
}

const post = (key?: string) =>
  h.app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: auth(bali, key === undefined ? {} : { 'idempotency-key': key }),
    payload: practice(),
  });

t.test('NATS down → 503 with Retry-After, no hang; back up → writes again', async (t) => {
  const created = await post();
  t.equal(created.statusCode, 201);
  const { id } = json<{ id: string }>(created);
  const seqBefore = json<{ seq: number }>(created).seq;

  await nats.kill();

  for (const attempt of ['at once', 'again']) {
    const res = await answered(() => post());
    t.equal(res.statusCode, 503, `POST ${attempt}`);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(res.headers['retry-after'], /^\d+$/);
  }
  const patch = await answered(() =>
    h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'if-match': '"1"' }),
      payload: { themes: ['health'] },
    }),
  );
  t.equal(patch.statusCode, 503, 'a PATCH (which reads the log first) too');
  const keyed = await answered(() => post('outage-key'));
  t.equal(keyed.statusCode, 503, 'a keyed POST during the outage');

  const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
  t.equal(ready.statusCode, 503, '/readyz reports the outage');

  await nats.restart();
  await waitFor(
    async () => (await h.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200,
    { timeoutMs: 60_000, message: 'the app did not reconnect to NATS' },
  );

  const after = await post();
  t.equal(after.statusCode, 201, 'the same app instance writes again');
  t.equal(json<{ seq: number }>(after).seq, seqBefore + 1, 'nothing was stored during the outage');

  const retried = await post('outage-key');
  t.equal(retried.statusCode, 201, 'the keyed POST, retried after the outage');
  const again = await post('outage-key');
  t.same(json(again), json(retried), 'and its retry is answered from the log');
  t.equal(await h.lastSeq(), seqBefore + 2);
});
