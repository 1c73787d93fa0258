// Test-only (not part of the package API): a TCP proxy whose connections a test cuts at will.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TeardownHost } from '@rcpx/testing';

export interface TestProxy {
  port: number;
  /** How many times `cut()` was called. */
  cuts: number;
  /** Cuts every connection (new ones are accepted). */
  cut(): void;
  /** Takes the proxy down: cuts every connection and refuses new ones until `up()`. */
  down(): void;
  up(): void;
}

/** A TCP proxy on 127.0.0.1 in front of `port` (closed at teardown). */
export async function startProxy(t: TeardownHost, port: number): Promise<TestProxy> {
  const sockets = new Set<net.Socket>();
  let isDown = false;
  const server = net.createServer((client) => {
    if (isDown) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, '127.0.0.1');
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const destroyAll = () => {
    for (const s of sockets) s.destroy();
  };
  t.teardown(
    () =>
      new Promise<void>((r) => {
        destroyAll();
        server.close(() => r());
      }),
  );
  const proxy: TestProxy = {
    port: (server.address() as AddressInfo).port,
    cuts: 0,
    cut() {
      proxy.cuts++;
      destroyAll();
    },
    down() {
      isDown = true;
      destroyAll();
    },
    up() {
      isDown = false;
    },
  };
  return proxy;
}
