import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { waitFor } from '@rcpx/testing';
import { meetingBody, startExchange } from './follow-ups-support.ts';

// Webhooks deliver follow-up reports like every event, under the one visibility rule: the report
// on a meeting shared with `rcps` only reaches the listed participant and the publisher.

const { call } = await startExchange(t);

/** A receiver on loopback: the events POSTed to it, by path. */
async function receiver() {
  const got = new Map<string, { type: string; subject: string; rcpxseq: number }[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const list = got.get(req.url!) ?? [];
      list.push(JSON.parse(Buffer.concat(chunks).toString()));
      got.set(req.url!, list);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, got };
}

t.test('webhooks: follow-up reports reach who may read them', async (t) => {
  const { base, got } = await receiver();
  for (const who of ['iom', 'igc', 'puebla-process']) {
    const sub = await call('POST', '/v1/subscriptions', who, {
      url: `${base}/${who}`,
      types: ['org.rcpx.followup.reported'],
    });
    t.equal(sub.status, 201, `${who} subscribes`);
  }
  const secret = await call(
    'POST',
    '/v1/meetings',
    'puebla-process',
    meetingBody(
      [{ ref: 'quota', kind: 'recommendation', text: 'Agree a quota.', addressees: ['iom'] }],
      { level: 'rcps', rcps: ['iom'] },
    ),
  );
  const open = await call(
    'POST',
    '/v1/meetings',
    'puebla-process',
    meetingBody([{ ref: 'desk', kind: 'recommendation', text: 'Open a desk.' }]),
  );
  const hidden = await call(
    'POST',
    `/v1/meetings/${secret.body.id}/outcomes/quota/follow-ups`,
    'iom',
    { status: 'planned', text: { en: 'Drafting.' } },
  );
  const shown = await call(
    'POST',
    `/v1/meetings/${open.body.id}/outcomes/desk/follow-ups`,
    'puebla-process',
    { status: 'implemented', text: { en: 'Opened.' } },
  );
  t.equal(hidden.status, 201);
  t.equal(shown.status, 201);
  const seqs = (who: string) => (got.get(`/${who}`) ?? []).map((e) => e.rcpxseq).sort();
  await waitFor(
    () =>
      seqs('iom').length === 2 && seqs('puebla-process').length === 2 && seqs('igc').length === 1,
    { timeoutMs: 20_000, message: `deliveries: ${JSON.stringify([...got])}` },
  );
  t.same(seqs('iom'), [hidden.body.seq, shown.body.seq], 'the addressee, listed');
  t.same(seqs('puebla-process'), [hidden.body.seq, shown.body.seq], 'the publisher');
  t.same(seqs('igc'), [shown.body.seq], 'another participant: the public one only');
  t.match(got.get('/igc')![0], {
    type: 'org.rcpx.followup.reported',
    subject: `meetings/${open.body.id}/follow-ups/${shown.body.id}`,
  });
});
