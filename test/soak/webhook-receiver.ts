import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook endpoint on loopback that fails a share of the deliveries it gets. */
export interface WebhookReceiver {
  readonly url: string;
  /** Seqs of the events it accepted (2xx), each once. */
  readonly accepted: ReadonlySet<number>;
  /** Deliveries answered 500 on purpose. */
  readonly failed: number;
  /** Deliveries of an event it had already accepted (at-least-once redeliveries). */
  readonly redelivered: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1; answers 500 to a delivery when `random() < failRate`, else 204. */
export async function startWebhookReceiver(
  failRate: number,
  random: () => number,
): Promise<WebhookReceiver> {
  const accepted = new Set<number>();
  let failed = 0;
  let redelivered = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (random() < failRate) {
        failed++;
        res.writeHead(500).end();
        return;
      }
      const seq = (JSON.parse(Buffer.concat(chunks).toString()) as { rcpxseq?: unknown }).rcpxseq;
      if (typeof seq === 'number') {
        if (accepted.has(seq)) redelivered++;
        accepted.add(seq);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    accepted,
    get failed() {
      return failed;
    },
    get redelivered() {
      return redelivered;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
