// Fault test: the app's NATS server (its own, started here) dies and comes back.
import t from 'tap';
import { startNatsServer, waitFor } from '@rcpx/testing';
import { auth, json, practice, setup } from './test-setup.ts';

const nats = await startNatsServer();
t.teardown(() => nats.dispose());
const h = await setup(t, nats.url);
const bali = await h.mint('bali-process');

/** Runs `fn` and answers its result with how long it took. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

const post = (key?: string) =>
  h.app.inject({
    method: 'POST',
    url: '/v1/practices',
    headers: auth(bali, key === undefined ? {} : { 'idempotency-key': key }),
    payload: practice(),
  });

t.test('NATS down → 503 with Retry-After, promptly; back up → writes again', async (t) => {
  const created = await post();
  t.equal(created.statusCode, 201);
  const { id } = json<{ id: string }>(created);
  const seqBefore = json<{ seq: number }>(created).seq;

  await nats.kill();

  for (const attempt of ['at once', 'again']) {
    const [res, ms] = await timed(() => post());
    t.equal(res.statusCode, 503, `POST ${attempt}`);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(res.headers['retry-after'], /^\d+$/);
    t.ok(ms < 3000, `POST ${attempt} answered in ${Math.round(ms)} ms (< 3 s)`);
  }
  const [patch, patchMs] = await timed(() =>
    h.app.inject({
      method: 'PATCH',
      url: `/v1/practices/${id}`,
      headers: auth(bali, { 'if-match': '"1"' }),
      payload: { themes: ['health'] },
    }),
  );
  t.equal(patch.statusCode, 503, 'a PATCH (which reads the log first) too');
  t.ok(patchMs < 3000, `PATCH answered in ${Math.round(patchMs)} ms`);
  const keyed = await post('outage-key');
  t.equal(keyed.statusCode, 503, 'a keyed POST during the outage');

  const ready = await h.app.inject({ method: 'GET', url: '/readyz' });
  t.equal(ready.statusCode, 503, '/readyz reports the outage');

  await nats.restart();
  await waitFor(
    async () => (await h.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200,
    { timeoutMs: 15_000, message: 'the app did not reconnect to NATS' },
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
