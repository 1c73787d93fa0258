import { test } from 'tap';
import { randomUUID } from 'node:crypto';
import { append, subjectFor } from '@rcpx/bus';
import {
  EVENT_TYPES,
  Memberships,
  canRead,
  membershipIdOf,
  type MembershipOverride,
  type Reader,
  type Visibility,
} from '@rcpx/contracts';
import { appendPracticeEvent, waitFor } from '@rcpx/testing';
import { harness, startReceiver, startWebhooks, tokenFor } from './test-support.ts';

// Webhook subscriptions with `memberStates`: each gets the events of every process its states
// are members of (a membership change in the log applies from its event on), under the
// visibility rule of its participant; bad codes are 400s.

const PROCESSES = ['bali-process', 'colombo-process', 'puebla-process', 'midsa', '5plus5', 'igc'];

test('a crowd of subscriptions, each with its memberStates', async (t) => {
  const deps = await harness(t);
  const { db, bus } = deps;
  const { app } = await startWebhooks(t, deps, {
    RCPX_WEBHOOK_BACKOFF_MS: 20,
    RCPX_WEBHOOK_POLL_MS: 20,
  });
  const tokens: Record<string, string> = {
    'bali-process': await tokenFor(db, 'bali-process'),
    iom: await tokenFor(db, 'iom'),
  };
  const bad = await app.inject({
    method: 'POST',
    url: '/v1/subscriptions',
    headers: { authorization: `Bearer ${tokens.iom}` },
    payload: { url: 'http://127.0.0.1:9/x', memberStates: ['th'] },
  });
  t.equal(bad.statusCode, 400, 'a lower-case code is a 400');

  const STATES = [['TH'], ['MX'], ['FR'], ['LK'], ['MY'], ['TH', 'MX'], ['ZA', 'SE']];
  const subs = await Promise.all(
    STATES.flatMap((states) =>
      Object.keys(tokens).map(async (who) => {
        const receiver = await startReceiver(t);
        const res = await app.inject({
          method: 'POST',
          url: '/v1/subscriptions',
          headers: { authorization: `Bearer ${tokens[who]}` },
          payload: { url: receiver.url, memberStates: states },
        });
        t.equal(res.statusCode, 201, res.body);
        t.same(res.json().memberStates, states);
        return { states, who, receiver };
      }),
    ),
  );

  const sent: { id: string; seq: number; participant: string; visibility: Visibility }[] = [];
  const changes: MembershipOverride[] = [];
  const pub = async (participant: string, visibility: Visibility = { level: 'public' }) => {
    const e = await appendPracticeEvent(bus, {
      participant,
      data: { title: { en: `by ${participant}` }, themes: ['trafficking'], visibility },
    });
    sent.push({ id: e.id, seq: e.seq, participant, visibility });
  };
  for (const p of PROCESSES) await pub(p);
  await pub('bali-process', { level: 'rcps', rcps: ['iom'] });
  await pub('colombo-process', { level: 'members' });
  // Malaysia (an observer) becomes a member of the Colombo Process
  const id = membershipIdOf('colombo-process', 'MY');
  const event = {
    specversion: '1.0' as const,
    id: randomUUID(),
    source: '/participants/colombo-process',
    type: EVENT_TYPES.membershipChanged,
    subject: `memberships/${id}`,
    time: new Date().toISOString(),
    datacontenttype: 'application/json' as const,
    rcpxversion: 1,
    data: {
      participant: 'colombo-process',
      country: 'MY',
      role: 'member',
      previousRole: 'observer',
      themes: [],
      visibility: { level: 'public' },
    },
  };
  const { seq } = await append(bus, subjectFor(bus, 'membership', id), event);
  changes.push({
    participant: 'colombo-process',
    country: 'MY',
    role: 'member',
    asOf: '2026',
    source: { name: 't' },
    seq,
  });
  sent.push({ id: event.id, seq, participant: 'colombo-process', visibility: { level: 'public' } });
  for (const p of PROCESSES) await pub(p);

  const reader = (who: string): Reader => ({
    kind: 'participant',
    participant: who,
    role: 'reader',
    tokenId: 'x',
  });
  const expected = (states: string[], who: string) =>
    sent
      .filter(
        (e) =>
          new Memberships(changes.filter((c) => c.seq <= e.seq)).hasMemberIn(
            e.participant,
            states,
          ) && canRead(reader(who), e.visibility, e.participant),
      )
      .map((e) => e.id);

  for (const s of subs) {
    const want = expected(s.states, s.who);
    t.ok(want.length > 0);
    await waitFor(() => s.receiver.received.length >= want.length, {
      timeoutMs: 60_000,
      message: `${s.states.join(',')} as ${s.who}`,
    });
  }
  for (const s of subs) {
    t.same(
      s.receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id),
      expected(s.states, s.who),
      `${s.states.join(',')} as ${s.who}: exactly its processes' events, in order`,
    );
  }
  const my = subs.find((s) => s.states.join() === 'MY' && s.who === 'iom')!;
  t.ok(
    my.receiver.received.some((r) => (JSON.parse(r.body) as { id: string }).id === event.id),
    'MY gets the change that made it a member, and what follows',
  );
});
