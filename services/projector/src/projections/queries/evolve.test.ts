import t from 'tap';
import { EVENT_TYPES, type NewEvent } from '@rcpx/contracts';
import { fold } from '../../projection.ts';
import { projected } from '../../test-fixtures.ts';
import { evolveQuery, evolveReply } from './evolve.ts';
import { queriesProjection, repliesProjection } from './projection.ts';

// Given the events of a query (launched, replied, revised, closed) / then its rows.

const Q = '6d1f3c1e-1b8e-4f1e-9a57-0c9d3b6f2a10';
const R = '9a0f2c55-3b1d-5e7f-8a9b-1c2d3e4f5a6b';
const title = { en: 'Reintegration grants', fr: 'Aides à la réintégration' };
const themes = ['return-reintegration'];

function event(type: string, participant: string, subject: string, version: number, data: object) {
  return {
    specversion: '1.0',
    id: crypto.randomUUID(),
    source: `/participants/${participant}`,
    type,
    subject,
    time: '2026-12-04T12:00:00.000Z',
    datacontenttype: 'application/json',
    rcpxversion: version,
    data,
  } as NewEvent;
}

const launched = event(EVENT_TYPES.queryLaunched, 'bali-process', `queries/${Q}`, 1, {
  title,
  questions: [{ ref: 'q1', text: { en: 'Do you run grants?', es: '¿Tienen ayudas?' } }],
  themes,
  addressees: ['iom', 'igc'],
  deadline: '2026-12-20',
  visibility: { level: 'public' },
});
const replyData = (text: string) => ({
  query: Q,
  title,
  answers: [{ ref: 'q1', text: { fr: text } }],
  themes,
  visibility: { level: 'rcps', rcps: ['bali-process'] },
});
const replied = event(
  EVENT_TYPES.queryReplied,
  'iom',
  `queries/${Q}/replies/${R}`,
  1,
  replyData('Oui.'),
);
const revised = event(EVENT_TYPES.queryReplyRevised, 'iom', `queries/${Q}/replies/${R}`, 2, {
  ...replyData('Oui, depuis 2004.'),
  changed: ['answers'],
});
const closed = event(EVENT_TYPES.queryClosed, 'bali-process', `queries/${Q}`, 4, {
  title,
  themes,
  visibility: { level: 'public' },
  by: 'deadline',
  replies: 1,
});

t.test('given nothing, when launched: an open query with its texts', async (t) => {
  const [e] = projected([launched]);
  t.match(evolveQuery(undefined, e!), {
    id: Q,
    participant: 'bali-process',
    status: 'open',
    addressees: ['iom', 'igc'],
    repliers: [],
    deadline: '2026-12-20',
    vis_level: 'public',
    version: 1,
    text_en: 'Reintegration grants\nDo you run grants?',
    text_es: '¿Tienen ayudas?',
  });
});

t.test('when replied, revised, closed: repliers, versions, the close', async (t) => {
  const events = projected([launched, replied, revised, closed]);
  const queries = fold(queriesProjection, new Map(), events);
  t.match(queries.get(Q), {
    status: 'closed',
    closed_by: 'deadline',
    repliers: ['iom'],
    version: 4,
    updated_seq: 4,
  });
  const replies = fold(repliesProjection, new Map(), events);
  t.match(replies.get(R), {
    query_id: Q,
    participant: 'iom',
    version: 2,
    vis_level: 'rcps',
    vis_rcps: ['bali-process'],
    created_seq: 2,
    updated_seq: 3,
    text_fr: 'Oui, depuis 2004.',
  });
});

t.test('a second close changes nothing; a reply to no known query is kept apart', async (t) => {
  const [l, c1, c2] = projected([launched, closed, { ...closed, rcpxversion: 5 }]);
  const once = evolveQuery(evolveQuery(undefined, l!), c1!);
  t.equal(evolveQuery(once, c2!), once);
  const [r] = projected([replied]);
  t.equal(evolveQuery(undefined, r!), undefined, 'no query row from a reply alone');
  t.ok(evolveReply(undefined, r!), 'the reply row all the same');
});
