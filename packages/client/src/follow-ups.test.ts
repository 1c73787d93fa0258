import t from 'tap';
import type { CloudEvent } from '@rcpx/contracts';
import { spawnAllInOne, waitFor } from '@rcpx/testing';
import { RcpxError, createClient } from './index.ts';

const ADMIN = 'client-follow-ups-admin';

// The follow-up methods against the real all-in-one process, and a report arriving live (SSE
// for an addressee, WebSocket for the anonymous public) as every other event does.
t.test('the typed client: follow-up of recommendations', async (t) => {
  const { baseUrl, mint } = await spawnAllInOne(t, { admin: ADMIN });
  const bali = createClient({ baseUrl, token: await mint('bali-process') });
  const iom = createClient({ baseUrl, token: await mint('iom') });
  const anonymous = createClient({ baseUrl });

  const meeting = await bali.recordMeeting({
    meeting: {
      title: { en: 'Bali Process SOM', es: 'Reunión de altos funcionarios' },
      level: 'senior-officials',
      startsOn: '2005-04-14',
    },
    outcomes: [
      {
        ref: 'focal-points',
        kind: 'recommendation',
        title: { en: 'Focal points' },
        text: { en: 'Designate national focal points.' },
        addressees: ['iom'],
        dueOn: '2005-10-31',
      },
    ],
    themes: ['trafficking'],
  });

  const ac = new AbortController();
  t.teardown(() => ac.abort());
  const follow = (client: typeof iom, transport: 'ws' | 'sse', into: CloudEvent[]) =>
    (async () => {
      for await (const e of client.live({
        types: ['org.rcpx.followup.reported'],
        after: meeting.seq,
        transport,
        signal: ac.signal,
      })) {
        into.push(e);
      }
    })().catch(() => undefined);
  const sse: CloudEvent[] = [];
  const ws: CloudEvent[] = [];
  void follow(iom, 'sse', sse);
  void follow(anonymous, 'ws', ws);

  const written = await iom.reportFollowUp(
    meeting.id,
    'focal-points',
    { status: 'in-progress', text: { en: 'Three of five named.' }, countries: ['ID'] },
    { idempotencyKey: 'client-fp-1' },
  );
  t.match(written, { version: 1, seq: meeting.seq + 1 });
  const page = await anonymous.followUps({ overdue: true, minSeq: written.seq });
  t.match(page.items, [
    {
      meetingId: meeting.id,
      ref: 'focal-points',
      status: 'in-progress',
      overdue: true,
      latest: [{ participant: 'iom', version: 1, countries: ['ID'] }],
    },
  ]);
  t.same((await anonymous.followUps({ overdue: false })).items, []);
  const history = await bali.followUpHistory(meeting.id, 'focal-points');
  t.equal(history.items.length, 1);
  t.equal((await bali.followUp(meeting.id, written.id)).items[0]!.seq, written.seq);
  t.match(await anonymous.participantFollowUp('iom'), {
    total: 1,
    counts: { 'in-progress': 1 },
    overdue: [{ ref: 'focal-points' }],
    shareImplemented: 0,
  });
  const summary = await anonymous.followUpSummary({ minSeq: written.seq });
  t.match(summary.items, [
    { participant: 'iom', total: 1, counts: { 'in-progress': 1 }, overdueCount: 1 },
  ]);
  t.notOk('overdue' in summary.items[0]!, 'counts only, not the overdue list');
  const refused = await anonymous
    .followUpHistory(meeting.id, 'nope')
    .catch((e: unknown) => e as RcpxError);
  t.ok(refused instanceof RcpxError && refused.status === 404);

  await waitFor(() => sse.length > 0 && ws.length > 0, { timeoutMs: 10_000 });
  for (const seen of [sse, ws]) {
    t.match(seen[0], {
      type: 'org.rcpx.followup.reported',
      rcpxseq: written.seq,
      data: { ref: 'focal-points', status: 'in-progress' },
    });
  }
});
