import t from 'tap';
import { spawnAllInOne } from '@rcpx/testing';
import { RcpxError, createClient } from './index.ts';

const ADMIN = 'client-queries-admin-token';

// The typed client's "ask the network" methods against the real all-in-one process.
t.test('launch, reply, revise, read, compile, close with the client', async (t) => {
  const { baseUrl, mint } = await spawnAllInOne(t, { admin: ADMIN });
  const bali = createClient({ baseUrl, token: await mint('bali-process') });
  const iom = createClient({ baseUrl, token: await mint('iom') });

  const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const launched = await bali.launchQuery(
    {
      title: { en: 'Reintegration grants', fr: 'Aides à la réintégration' },
      questions: [{ ref: 'grants', text: { en: 'Do you run them?' } }],
      themes: ['return-reintegration'],
      addressees: ['iom'],
      deadline,
    },
    { idempotencyKey: 'client-query-1' },
  );
  t.equal(launched.version, 1);
  const replied = await iom.replyToQuery(launched.id, {
    answers: [{ ref: 'grants', text: { fr: 'Oui.' } }],
  });
  const revised = await iom.reviseReply(launched.id, replied.id, 1, {
    answers: [{ ref: 'grants', text: { fr: 'Oui, depuis 2004.' } }],
  });
  t.equal(revised.version, 2);
  const err = await iom
    .replyToQuery(launched.id, { answers: [{ ref: 'grants', text: { en: 'x' } }] })
    .catch((e: unknown) => e);
  t.ok(err instanceof RcpxError && err.status === 409, 'a second reply: 409');
  const again = await iom.replyToQuery(
    launched.id,
    { answers: [{ ref: 'grants', text: { fr: 'Oui, depuis 2004.' } }] },
    { ifMatch: 2 },
  );
  t.same([again.id, again.version], [replied.id, 3], 'a second reply with ifMatch revises');
  const stale = await iom
    .replyToQuery(launched.id, { answers: [{ ref: 'grants', text: { en: 'x' } }] }, { ifMatch: 2 })
    .catch((e: unknown) => e);
  t.ok(stale instanceof RcpxError && stale.status === 412, 'a stale ifMatch: 412');

  const owed = await iom.listQueries({ awaiting: 'iom', minSeq: launched.seq });
  t.same(owed.items, [], 'iom owes nothing once it replied');
  const detail = await bali.getQuery(launched.id, { minSeq: again.seq });
  t.match(detail, { replyCount: 1, replies: [{ participant: 'iom', version: 3 }] });
  t.match(await iom.getReply(launched.id, 'iom'), { id: replied.id, version: 3 });
  const compiled = await bali.queryCompilation(launched.id, { lang: 'es' });
  t.match(compiled.questions, [
    { ref: 'grants', lang: 'en', answers: [{ participant: 'iom', lang: 'fr' }] },
  ]);
  const closed = await bali.closeQuery(launched.id);
  const list = await bali.listQueries({ status: 'closed', minSeq: closed.seq });
  t.same(
    list.items.map((q) => q.id),
    [launched.id],
  );
});
