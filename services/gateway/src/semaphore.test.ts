import t from 'tap';
import { semaphore } from './semaphore.ts';

t.test('a waiter that gives up does not take the next free slot with it', async (t) => {
  const s = semaphore(1);
  const live = new AbortController().signal;
  t.equal(await s.acquire(live), true, 'the first holder');
  const gaveUp = new AbortController();
  const b = s.acquire(gaveUp.signal);
  const c = s.acquire(live);
  gaveUp.abort();
  t.equal(await b, false, 'the waiter that aborted gets no slot');
  s.release();
  t.equal(await c, true, 'the next waiter gets the released slot');
  s.release();
  t.equal(await s.acquire(live), true, 'and a slot is free again afterwards');
});

t.test('many holders and waiters: never more than max at once, everyone served', async (t) => {
  const s = semaphore(3);
  let active = 0;
  let peak = 0;
  const signal = new AbortController().signal;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      t.ok(await s.acquire(signal));
      peak = Math.max(peak, ++active);
      await new Promise((r) => setImmediate(r));
      active--;
      s.release();
    }),
  );
  t.equal(peak, 3);
});
