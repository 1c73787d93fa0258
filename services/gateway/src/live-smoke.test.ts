import t from 'tap';
import { openWs, publish, startGateway } from './test-support.ts';
import { waitFor } from '@rcpx/testing';

t.test('smoke', async (t) => {
  const gw = await startGateway(t);
  await publish(gw.bus);
  const c = await openWs(gw.wsUrl);
  const s2 = await publish(gw.bus);
  await waitFor(() => c.events.length === 1);
  t.same(c.seqs(), [s2]);
  const c2 = await openWs(`${gw.wsUrl}?after=0`);
  await waitFor(() => c2.events.length === 2);
  t.same(c2.seqs(), [1, 2]);
  const res = await fetch(`${gw.url}/v1/live?after=0`, {
    headers: { accept: 'text/event-stream' },
  });
  t.equal(res.status, 200);
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  t.match(Buffer.from(value!).toString(), /retry/);
  await reader.cancel();
  c.ws.close();
  c2.ws.close();
});
