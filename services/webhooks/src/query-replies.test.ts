import t from 'tap';
import type { CloudEvent } from '@rcpx/contracts';
import { deliverable, routeOf, type SubscriptionFilter } from './matching.ts';

// A reply to a query reaches the webhooks of its author, the query's launcher and whoever its
// (effective) visibility names, and nobody else's — by the one rule, from the event alone.

const reply: CloudEvent = {
  specversion: '1.0',
  id: '2b1d0e55-8a47-4b53-9a3c-0c5f2e6d7a81',
  source: '/participants/iom',
  type: 'org.rcpx.query.replied',
  subject:
    'queries/6d1f3c1e-1b8e-4f1e-9a57-0c9d3b6f2a10/replies/9a0f2c55-3b1d-5e7f-8a9b-1c2d3e4f5a6b',
  time: '2026-12-04T12:00:00Z',
  datacontenttype: 'application/json',
  rcpxseq: 7,
  rcpxversion: 1,
  data: {
    query: '6d1f3c1e-1b8e-4f1e-9a57-0c9d3b6f2a10',
    title: { en: 'Reintegration grants' },
    answers: [{ ref: 'grants', text: { en: 'Yes.' } }],
    themes: ['return-reintegration'],
    visibility: { level: 'rcps', rcps: ['bali-process', 'apc'] },
  },
};

const subscription = (participant: string): SubscriptionFilter => ({
  id: `sub-${participant}`,
  participant,
  themes: [],
  participants: [],
  types: ['org.rcpx.query.replied'],
  authorised: true,
  countries: [],
  memberStates: [],
});

t.test('a reply is delivered to its author, the launcher and who it names only', async (t) => {
  const routed = routeOf(reply);
  t.ok(routed);
  for (const [who, gets] of [
    ['iom', true],
    ['bali-process', true],
    ['apc', true],
    ['midsa', false],
    ['igc', false],
  ] as const) {
    t.equal(deliverable(subscription(who), routed!), gets, who);
  }
  t.equal(
    deliverable({ ...subscription('bali-process'), authorised: false }, routed!),
    false,
    'a subscription whose token was revoked reads public events only',
  );
});
