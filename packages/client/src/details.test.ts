import t from 'tap';
import { spawnAllInOne, waitFor } from '@rcpx/testing';
import { createClient } from './index.ts';
import { statusOf } from './test-status.ts';

const ADMIN = 'client-details-admin';

// The detail reads (versions, one adoption record, one theme, the stats) and the admin methods
// (tokens, skipped events) against the real all-in-one process.
t.test('the typed client: versions, one adoption, a theme, stats, admin', async (t) => {
  const { baseUrl, mint } = await spawnAllInOne(t, { admin: ADMIN });
  const admin = createClient({ baseUrl, token: ADMIN });
  const bali = createClient({ baseUrl, token: await mint('bali-process') });
  const anonymous = createClient({ baseUrl });

  const minted = await admin.createToken({ participant: 'iom', role: 'publisher', label: 'x' });
  t.match(minted, { participant: 'iom', role: 'publisher' });
  const iom = createClient({ baseUrl, token: minted.token });

  const practice = await iom.publishPractice({
    title: { en: 'Return counselling' },
    themes: ['return-reintegration'],
  });
  const revised = await iom.revisePractice(practice.id, 1, { summary: { en: 'Revised.' } });
  const versions = await anonymous.practiceVersions(practice.id, { minSeq: revised.seq });
  t.match(versions, { id: practice.id, kind: 'practice' });
  t.same(
    versions.items.map((v) => [v.version, v.type]),
    [
      [1, 'org.rcpx.practice.shared'],
      [2, 'org.rcpx.practice.revised'],
    ],
  );
  const meeting = await bali.recordMeeting({
    meeting: { title: { en: 'SOM' }, level: 'senior-officials', startsOn: '2026-03-20' },
    outcomes: [{ kind: 'recommendation', text: { en: 'Share focal points.' } }],
    themes: ['trafficking'],
  });
  const publication = await bali.releasePublication({
    title: { en: 'Regional report' },
    kind: 'report',
    url: 'https://example.org/r.pdf',
    themes: ['trafficking'],
  });
  const read = { minSeq: publication.seq };
  t.equal((await anonymous.meetingVersions(meeting.id, read)).items.length, 1);
  t.equal((await anonymous.publicationVersions(publication.id, read)).items.length, 1);
  t.equal(await statusOf(anonymous.practiceVersions(meeting.id)), 404, 'not a practice: 404');

  const adopted = await bali.recordAdoption(practice.id, { stage: 'piloting' });
  t.match(await anonymous.adoption(practice.id, adopted.id, { minSeq: adopted.seq }), {
    id: adopted.id,
    practice: practice.id,
    adopter: 'bali-process',
    stage: 'piloting',
  });

  t.match(await anonymous.theme('trafficking', read), { slug: 'trafficking', count: 2 });
  t.equal(await statusOf(anonymous.theme('no-such-theme')), 404);
  const stats = await anonymous.stats({ recent: 2, themes: ['trafficking'], minSeq: adopted.seq });
  t.ok(stats.seq >= adopted.seq, 'as of the checkpoint');
  t.same(
    stats.recent.map((e) => e.seq),
    [publication.seq, meeting.seq],
    'the newest trafficking events',
  );
  t.match(stats.kinds, [{ key: 'practice', count: 1 }]);
  t.same((await anonymous.stats({ asOf: practice.seq })).seq, practice.seq, 'time travel');

  t.same(await admin.skippedEvents({ limit: 10 }), { items: [], nextAfter: null });
  t.equal(await statusOf(bali.skippedEvents()), 403, 'admin only');
  t.equal(await admin.revokeToken(minted.id), undefined);
  await waitFor(async () => (await statusOf(iom.listQueries())) === 401, {
    timeoutMs: 10_000,
    message: 'the revoked token stops working',
  });
  t.equal(await statusOf(admin.revokeToken(minted.id)), 404, 'revoked already');
});
