import t from 'tap';
import type { CloudEvent } from '@rcpx/contracts';
import { spawnAllInOne, waitFor } from '@rcpx/testing';
import { RcpxError, createClient } from './index.ts';

const ADMIN = 'client-test-admin-token';

// The client against the real all-in-one process (`npm start`): every method, and live() over
// both transports following the writes it makes.
t.test('the typed client: writes, reads, the log and live()', async (t) => {
  const { baseUrl, mint } = await spawnAllInOne(t, { admin: ADMIN });
  const bali = createClient({ baseUrl, token: await mint('bali-process') });
  const anonymous = createClient({ baseUrl });

  // Follow live before writing: anonymous over WS, the publisher over SSE.
  const ac = new AbortController();
  t.teardown(() => ac.abort());
  const follow = (client: typeof bali, transport: 'ws' | 'sse', into: CloudEvent[]) =>
    (async () => {
      for await (const e of client.live({
        themes: ['trafficking'],
        transport,
        signal: ac.signal,
      })) {
        into.push(e);
      }
    })();
  const wsSeen: CloudEvent[] = [];
  const sseSeen: CloudEvent[] = [];
  const opened: string[] = [];
  const statusProbe = (async () => {
    for await (const _ of anonymous.live({
      signal: ac.signal,
      onStatus: (s) => opened.push(s.state),
    })) {
      // Only the status matters here.
    }
  })();
  const following = [follow(anonymous, 'ws', wsSeen), follow(bali, 'sse', sseSeen), statusProbe];
  await waitFor(() => opened.includes('open'));

  const created = await bali.publishPractice(
    {
      title: { en: 'Joint investigation teams', fr: 'Équipes communes d’enquête' },
      themes: ['trafficking', 'border-management'],
    },
    { idempotencyKey: 'client-test-1' },
  );
  t.match(created, { version: 1 });
  const retried = await bali.publishPractice(
    {
      title: { en: 'Joint investigation teams', fr: 'Équipes communes d’enquête' },
      themes: ['trafficking', 'border-management'],
    },
    { idempotencyKey: 'client-test-1' },
  );
  t.same(retried, created, 'an idempotent retry answers the first result');

  const item = await bali.getPractice(created.id, { minSeq: created.seq });
  t.match(item, { id: created.id, version: 1, participant: 'bali-process' });

  const revised = await bali.revisePractice(created.id, 1, {
    summary: { en: 'Cross-border teams' },
  });
  t.equal(revised.version, 2);
  const stale = await bali.revisePractice(created.id, 1, { summary: { en: 'x' } }).catch((e) => e);
  t.type(stale, RcpxError);
  t.equal((stale as RcpxError).status, 412, 'a stale version → RcpxError 412 with the problem');
  t.equal((stale as RcpxError).problem?.status, 412);

  const members = await bali.publishPractice({
    title: { en: 'Internal note' },
    themes: ['trafficking'],
    visibility: { level: 'members' },
  });
  const meeting = await bali.recordMeeting({
    meeting: {
      title: { en: 'Ministerial conference' },
      level: 'ministerial',
      startsOn: '2026-03-01',
    },
    outcomes: [{ kind: 'declaration', text: 'Declaration on trafficking in persons' }],
    themes: ['trafficking'],
  });
  const publication = await bali.releasePublication({
    title: { en: 'Regional trafficking report' },
    kind: 'report',
    url: 'https://example.org/report.pdf',
    publishedOn: '2026-01-15',
    themes: ['health'],
  });
  const withdrawn = await bali.withdrawPractice(created.id, { version: 2, reason: 'merged' });
  t.equal(withdrawn.version, 3);

  const minSeq = withdrawn.seq;
  const list = await anonymous.listPractices({ theme: 'trafficking', minSeq, status: 'all' });
  t.ok(list.items.some((i) => i.id === created.id));
  t.notOk(
    list.items.some((i) => i.id === members.id),
    'members-only is not listed to others',
  );
  t.ok((await anonymous.listMeetings({ minSeq })).items.some((i) => i.id === meeting.id));
  const found = await anonymous.search({ q: 'TRAFFICKING Réport', minSeq });
  t.same(
    found.items.map((i) => i.id),
    [publication.id],
    'search: every kind, accents and case ignored',
  );
  t.ok(
    (await anonymous.listMeetings({ themes: ['health', 'trafficking'], minSeq })).items.some(
      (i) => i.id === meeting.id,
    ),
    'the plural filters',
  );
  const unknown = await anonymous.listPractices({ thme: 'x' } as never).catch((e) => e);
  t.equal((unknown as RcpxError).status, 400, 'an unknown parameter is a 400');
  t.ok((await anonymous.getPublication(publication.id, { minSeq })).id === publication.id);
  const activity = await anonymous.activity({ minSeq });
  t.ok(activity.items.some((a) => a.seq === withdrawn.seq));
  t.ok((await anonymous.themes({ minSeq })).some((x) => x.slug === 'trafficking'));
  t.ok((await anonymous.participants({ minSeq })).some((x) => x.slug === 'bali-process'));
  const log = await anonymous.events(0, { minSeq });
  t.same(
    log.map((e) => e.rcpxseq),
    [created.seq, revised.seq, meeting.seq, publication.seq, withdrawn.seq],
    'the public log, in order',
  );
  t.same(
    (await bali.events(created.seq, { type: 'org.rcpx.practice.shared' })).map((e) => e.rcpxseq),
    [members.seq],
    'after + type filter, with the owner seeing its members-only item',
  );

  const trafficking = [created.seq, revised.seq, meeting.seq, withdrawn.seq];
  await waitFor(() => wsSeen.length >= 4 && sseSeen.length >= 5);
  t.same(
    wsSeen.map((e) => e.rcpxseq),
    trafficking,
    'anonymous live over WS: the public trafficking events',
  );
  t.same(
    sseSeen.map((e) => e.rcpxseq),
    [created.seq, revised.seq, members.seq, meeting.seq, withdrawn.seq],
    'the publisher over SSE: its members-only event too',
  );

  ac.abort();
  await Promise.all(following);
  await t.rejects(
    createClient({ baseUrl, token: 'rcpx_nope' }).live()[Symbol.asyncIterator]().next(),
    RcpxError,
    'a refused live request throws instead of retrying for ever',
  );

  // meetings and publications are revised and withdrawn like practices
  const revisedMeeting = await bali.reviseMeeting(meeting.id, 1, {
    outcomes: [
      { ref: 'r1', kind: 'declaration', text: 'Declaration on trafficking in persons' },
      { kind: 'action-plan', text: 'Joint training', addressees: ['iom'], dueOn: '2026-12-31' },
    ],
  });
  t.equal(revisedMeeting.version, 2);
  t.match(await anonymous.getMeeting(meeting.id, { minSeq: revisedMeeting.seq }), {
    version: 2,
    outcomes: [{ ref: 'r1' }, { ref: 'r2', addressees: ['iom'], dueOn: '2026-12-31' }],
  });
  const staleMeeting = await bali
    .reviseMeeting(meeting.id, 1, { themes: ['health'] })
    .catch((e) => e);
  t.equal((staleMeeting as RcpxError).status, 412);
  const revisedPublication = await bali.revisePublication(publication.id, 1, {
    url: 'https://example.org/report-2.pdf',
    publishedOn: null,
  });
  t.equal(revisedPublication.version, 2);
  const withoutDate = await anonymous.getPublication(publication.id, {
    minSeq: revisedPublication.seq,
  });
  t.notOk('publishedOn' in withoutDate, 'null removed the optional publishedOn');
  const gone = await bali.withdrawPublication(publication.id, { version: 2, reason: 'superseded' });
  t.equal(gone.version, 3);
  t.match(await anonymous.getPublication(publication.id, { minSeq: gone.seq }), {
    status: 'withdrawn',
  });
  t.equal((await bali.withdrawMeeting(meeting.id)).version, 3);

  // memberships: the registry's states, the admin's changes, and memberState
  const admin = createClient({ baseUrl, token: ADMIN });
  t.ok((await anonymous.country('TH')).processes.some((p) => p.participant === 'bali-process'));
  t.equal((await anonymous.overlap('bali-process')).overlaps.length, 8);
  const refused = await bali.setMembership('colombo-process', 'MY', 'member').catch((e) => e);
  t.equal((refused as RcpxError).status, 403, 'a publisher may not change memberships');
  const joined = await admin.setMembership('colombo-process', 'MY', 'member', {
    asOf: '2026-11',
    idempotencyKey: 'client-my',
  });
  const colombo = await anonymous.participant('colombo-process', { minSeq: joined.seq });
  t.match(
    colombo.members.find((m) => m.country === 'MY'),
    { role: 'member', asOf: '2026-11' },
  );
  const left = await admin.setMembership('colombo-process', 'MY', 'none');
  const after = await anonymous.participant('colombo-process', { minSeq: left.seq });
  t.notOk([...after.members, ...after.observers].some((m) => m.country === 'MY'));
  const fromThailand = await anonymous.listPractices({ memberState: ['TH'], minSeq: left.seq });
  t.ok(
    fromThailand.items.every((i) =>
      ['bali-process', 'colombo-process', 'apc'].includes(i.participant),
    ),
  );
});
