import t from 'tap';
import { PARTICIPANTS } from '@rcpx/contracts';
import { meetingBody, startExchange } from './follow-ups-support.ts';

// GET /v1/follow-ups/summary: every participant's follow-up in one read, the same as its own
// GET /v1/participants/{slug}/follow-up (in counts) for every reader, whatever it may see.

const { call } = await startExchange(t);
let seq = 0;
const write = async (...args: Parameters<typeof call>) => {
  const res = await call(...args);
  if (res.status !== 201) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
  seq = Math.max(seq, res.body.seq as number);
  return res.body as { id: string; seq: number };
};
const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

// a public meeting: an overdue recommendation for colombo and iom, one due later for iom, an
// overdue action plan the owner owes (no addressees), a declaration (not tracked)
const open = await write(
  'POST',
  '/v1/meetings',
  'bali-process',
  meetingBody([
    {
      ref: 'focal',
      kind: 'recommendation',
      text: { en: 'Focal points.' },
      addressees: ['colombo-process', 'iom'],
      dueOn: '2006-06-30',
    },
    {
      ref: 'data',
      kind: 'recommendation',
      text: { en: 'Share data.' },
      addressees: ['iom'],
      dueOn: future,
    },
    { ref: 'plan', kind: 'action-plan', text: { en: 'A plan.' }, dueOn: '2006-12-31' },
  ]),
);
// a meeting only iom and apc (and its publisher) may see, with a recommendation for apc and iom
const closed = await write(
  'POST',
  '/v1/meetings',
  'igc',
  meetingBody(
    [
      {
        ref: 'train',
        kind: 'recommendation',
        text: { en: 'Train.' },
        addressees: ['apc', 'iom'],
        dueOn: '2006-01-31',
      },
    ],
    { level: 'rcps', rcps: ['iom', 'apc'] },
  ),
);
const report = (meeting: string, ref: string, as: string, status: string) =>
  write('POST', `/v1/meetings/${meeting}/outcomes/${ref}/follow-ups`, as, {
    status,
    text: { en: `Now ${status}.` },
  });
await report(open.id, 'focal', 'iom', 'implemented');
await report(open.id, 'focal', 'colombo-process', 'in-progress');
await report(open.id, 'plan', 'bali-process', 'planned');
await report(closed.id, 'train', 'iom', 'implemented');
await report(closed.id, 'train', 'apc', 'dropped');

for (const reader of [null, 'iom', 'apc', 'igc', 'puebla-process', 'admin']) {
  t.test(`as ${reader ?? 'anonymous'}: the summary is every participant's own`, async (t) => {
    const summary = await call('GET', `/v1/follow-ups/summary?minSeq=${seq}`, reader);
    t.equal(summary.status, 200, JSON.stringify(summary.body));
    const expected = [];
    for (const { slug } of PARTICIPANTS) {
      const own = await call('GET', `/v1/participants/${slug}/follow-up?minSeq=${seq}`, reader);
      t.equal(own.status, 200);
      const { overdue, ...rest } = own.body as { total: number; overdue: unknown[] };
      if (rest.total > 0) expected.push({ ...rest, overdueCount: overdue.length });
    }
    t.same(summary.body.items, expected);
    t.ok(expected.length >= 3, `${expected.length} participants owe something`);
  });
}

t.test('what anonymous and iom see, spelled out', async (t) => {
  const anonymous = await call('GET', `/v1/follow-ups/summary?minSeq=${seq}`, null);
  t.match(anonymous.body.items, [
    { participant: 'bali-process', total: 1, counts: { planned: 1 }, overdueCount: 1 },
    // iom implemented `focal`: no longer overdue, for colombo either
    { participant: 'colombo-process', total: 1, counts: { 'in-progress': 1 }, overdueCount: 0 },
    {
      participant: 'iom',
      total: 2,
      counts: { implemented: 1, none: 1 },
      overdueCount: 0,
      shareImplemented: 0.5,
    },
  ]);
  t.equal(anonymous.body.items.length, 3, 'apc owes nothing anonymous may see');
  const iom = await call('GET', `/v1/follow-ups/summary?minSeq=${seq}`, 'iom');
  t.match(
    (iom.body.items as { participant: string }[]).find((i) => i.participant === 'apc'),
    { total: 1, counts: { dropped: 1 }, overdueCount: 0 },
    'the rcps meeting counts for iom',
  );
  t.match(
    (iom.body.items as { participant: string }[]).find((i) => i.participant === 'iom'),
    { total: 3, counts: { implemented: 2, none: 1 } },
  );
  const bad = await call('GET', '/v1/follow-ups/summary?participant=iom', null);
  t.equal(bad.status, 400, 'no filters: an unknown parameter is refused');
});
