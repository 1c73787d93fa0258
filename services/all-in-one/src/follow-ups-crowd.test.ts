import t from 'tap';
import { FOLLOW_UP_STATUSES, PARTICIPANTS, followUpIdOf } from '@rcpx/contracts';
import { meetingBody, startExchange } from './follow-ups-support.ts';

// The crowd: every addressee of a recommendation (and its owner) reports several times at once.
// Each report lands exactly once with its own version; the latest of each reporter is the one
// with its highest version; retries with the same keys append nothing.

const { call } = await startExchange(t);
const OWNER = 'midsa';
const ADDRESSEES = PARTICIPANTS.map((p) => p.slug).filter((s) => s !== OWNER);
const PER_REPORTER = 4;

t.test('many addressees reporting concurrently', async (t) => {
  const created = await call(
    'POST',
    '/v1/meetings',
    OWNER,
    meetingBody([
      {
        ref: 'ratify',
        kind: 'recommendation',
        text: { en: 'Ratify the protocol.' },
        addressees: ADDRESSEES,
        dueOn: '2006-12-31',
      },
    ]),
  );
  t.equal(created.status, 201);
  const M = created.body.id as string;
  const reporters = [OWNER, ...ADDRESSEES];
  // tokens minted (and authenticated once) before the crowd arrives
  for (const who of reporters)
    t.equal((await call('GET', '/v1/follow-ups?limit=1', who)).status, 200);
  const requests = reporters.flatMap((who) =>
    Array.from({ length: PER_REPORTER }, (_, i) => ({
      who,
      key: `crowd-${who}-${i}`,
      body: {
        status: FOLLOW_UP_STATUSES[(i + who.length) % FOLLOW_UP_STATUSES.length]!,
        text: { en: `${who}, report ${i}` },
      },
    })),
  );
  const send = () =>
    Promise.all(
      requests.map((r) =>
        call('POST', `/v1/meetings/${M}/outcomes/ratify/follow-ups`, r.who, r.body, {
          'idempotency-key': r.key,
        }),
      ),
    );
  const answers = await send();
  t.same(
    answers.filter((a) => a.status !== 201).map((a) => [a.status, a.body]),
    [],
    `all ${requests.length} reports land`,
  );
  const versions = new Map<string, number[]>();
  const statusOf = new Map<string, string>(); // reporter@version → status
  answers.forEach((a, i) => {
    const { who, body } = requests[i]!;
    t.equal(a.body.id, followUpIdOf(M, 'ratify', who));
    versions.set(who, [...(versions.get(who) ?? []), a.body.version as number]);
    statusOf.set(`${who}@${a.body.version}`, body.status);
  });
  for (const who of reporters) {
    t.same(
      versions.get(who)!.sort((a, b) => a - b),
      [1, 2, 3, 4],
      `${who}: one version each`,
    );
  }
  const seqs = answers.map((a) => a.body.seq as number);
  t.equal(new Set(seqs).size, seqs.length, 'distinct seqs');

  const again = await send();
  t.same(
    again.map((a) => [a.status, a.headers['idempotent-replayed'], a.body]),
    answers.map((a) => [201, 'true', a.body]),
    'retries answer the first writes',
  );

  const last = Math.max(...seqs);
  const list = await call('GET', `/v1/follow-ups?participant=${OWNER}&minSeq=${last}`);
  const row = (list.body.items as { ref: string }[]).find((i) => i.ref === 'ratify') as unknown as {
    latest: { participant: string; version: number; status: string }[];
  };
  t.equal(row.latest.length, reporters.length, 'one latest report per reporter');
  for (const r of row.latest) {
    t.equal(r.version, PER_REPORTER, `${r.participant}: its last report`);
    t.equal(r.status, statusOf.get(`${r.participant}@${PER_REPORTER}`));
  }
  const history = await call('GET', `/v1/meetings/${M}/outcomes/ratify/follow-ups`);
  t.equal(history.body.items.length, requests.length, 'every report in the history, once');
  const summary = await call('GET', `/v1/participants/${ADDRESSEES[0]}/follow-up`);
  t.equal(summary.body.total, 1);
});
