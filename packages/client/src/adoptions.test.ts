import t from 'tap';
import type { CloudEvent } from '@rcpx/contracts';
import { spawnAllInOne, waitFor } from '@rcpx/testing';
import { RcpxError, createClient } from './index.ts';

const ADMIN = 'client-adoptions-admin-token';

// The adoption methods of the client against the real all-in-one process, and the adoption's
// live frames: the practice's audience only (an adoption never widens it).
t.test('the typed client: adoptions, lineage, flows, live', async (t) => {
  const { baseUrl, mint } = await spawnAllInOne(t, { admin: ADMIN });
  const bali = createClient({ baseUrl, token: await mint('bali-process') });
  const colombo = createClient({ baseUrl, token: await mint('colombo-process') });
  const iom = createClient({ baseUrl, token: await mint('iom') });

  const ac = new AbortController();
  t.teardown(() => ac.abort());
  const seen = { colombo: [] as CloudEvent[], iom: [] as CloudEvent[] };
  const opened: string[] = [];
  for (const [who, client, transport] of [
    ['colombo', colombo, 'sse'],
    ['iom', iom, 'ws'],
  ] as const) {
    void (async () => {
      for await (const e of client.live({
        types: ['org.rcpx.practice.adoption.recorded'],
        transport,
        signal: ac.signal,
        onStatus: (s) => opened.push(`${who}:${s.state}`),
      })) {
        seen[who].push(e);
      }
    })();
  }
  await waitFor(() => opened.includes('colombo:open') && opened.includes('iom:open'));

  const origin = await bali.publishPractice({
    title: { en: 'Referral of trafficked workers' },
    themes: ['trafficking'],
    visibility: { level: 'rcps', rcps: ['colombo-process'] },
  });
  const local = await colombo.publishPractice({
    title: { en: 'Referral desks' },
    themes: ['labour-migration'],
  });
  const err = await iom.recordAdoption(origin.id, { stage: 'adopted' }).catch((e: unknown) => e);
  t.ok(err instanceof RcpxError && err.status === 404, 'iom may not read it: 404');
  const written = await colombo.recordAdoption(
    origin.id,
    { stage: 'adapted', localPractice: local.id, note: { en: 'Run by the ministries' } },
    { idempotencyKey: 'client-adapt' },
  );
  t.match(written, { version: 1 });

  const detail = await colombo.getPractice(origin.id, { minSeq: written.seq });
  t.match(detail.adoptions, [{ adopter: 'colombo-process', stage: 'adapted', version: 1 }]);
  const history = await bali.adoptions(origin.id, { minSeq: written.seq });
  t.equal(history.items.length, 1);
  const lineage = await bali.lineage(origin.id);
  t.same(
    lineage.descendants.map((n) => [n.id, n.depth]),
    [[local.id, 1]],
  );
  t.same(await bali.flows({ theme: 'trafficking' }), [
    { from: 'bali-process', to: 'colombo-process', stage: 'adapted', n: 1 },
  ]);
  t.same(await iom.flows(), [], 'iom counts nothing it may not see');

  await waitFor(() => seen.colombo.length === 1, { message: 'colombo gets its frame' });
  t.match(seen.colombo[0], {
    type: 'org.rcpx.practice.adoption.recorded',
    subject: `practices/${origin.id}/adoptions/${written.id}`,
    data: { stage: 'adapted', visibility: { level: 'rcps', rcps: ['bali-process'] } },
  });
  // a public practice's adoption reaches iom: so it would have seen the other one by now
  const open = await bali.publishPractice({ title: { en: 'Open' }, themes: ['health'] });
  await colombo.recordAdoption(open.id, { stage: 'considering' });
  await waitFor(() => seen.iom.length === 1, { message: 'iom gets the public one' });
  t.equal(seen.iom[0]!.data.practice, open.id, 'and only the public one');
});
