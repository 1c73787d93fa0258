import t from 'tap';
import { once } from 'node:events';
import { connect } from 'node:net';
import { waitFor } from '@rcpx/testing';
import { openSse, openWs, publish, startGateway } from './test-support.ts';

t.test('silent sockets are closed; established live streams are not', async (t) => {
  // A short idle timeout, and heartbeats too rare to count as activity during the test.
  const gw = await startGateway(t, { idleTimeoutMs: 300, settings: { heartbeatMs: 600_000 } });
  const ws = await openWs(gw.wsUrl);
  const sse = await openSse(`${gw.url}/v1/live`);
  t.equal(sse.status, 200);

  // Opened after the live streams went quiet: once it is closed for silence, the streams have
  // been silent at least as long.
  const { hostname, port } = new URL(gw.url);
  const silent = connect(Number(port), hostname);
  silent.on('error', () => {});
  await once(silent, 'close');
  t.pass('a connection that sent nothing was closed');

  const seq = await publish(gw.bus);
  await waitFor(() => ws.seqs().includes(seq) && sse.seqs().includes(seq), { timeoutMs: 30_000 });
  t.pass('the WebSocket and the SSE stream, silent longer than that, still get events');
  t.equal(ws.ws.readyState, ws.ws.OPEN, 'the WebSocket is open');
  ws.ws.close();
  sse.close();
});
