// Test-only helpers of this package (not exported by the barrel).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventSubject, sourceOf, type NewEvent } from '@rcpx/contracts';
import { connectBus } from './connect.ts';
import type { Bus } from './connect.ts';
import { ensureStream } from './stream.ts';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A unique stream name and subject prefix. */
export function uniqueNames(): { stream: string; subjectPrefix: string } {
  const id = randomUUID().replaceAll('-', '').slice(0, 12);
  return { stream: `T_${id}`, subjectPrefix: `t${id}` };
}

/** A connected Bus on a fresh stream, deleted at teardown. */
export async function testBus(t: Teardown, url = NATS_URL): Promise<Bus> {
  const bus = await connectBus({ url, ...uniqueNames(), name: 'bus-test' });
  await ensureStream(bus);
  t.teardown(async () => {
    await bus.jsm.streams.delete(bus.stream).catch(() => {});
    await bus.close();
  });
  return bus;
}

/** A valid event of the log. */
export function newEvent(version = 1, data: Record<string, unknown> = {}): NewEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: sourceOf('test'),
    type: 'org.rcpx.practice.shared',
    subject: eventSubject('practice', randomUUID()),
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: version,
    data: { themes: [], visibility: { level: 'public' }, ...data },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface OwnNats {
  url: string;
  /** What the server has logged so far (stderr). */
  log(): string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private nats-server with JetStream (own port and store dir); stopped and removed at teardown.
 * `config`: extra server configuration (e.g. `max_pending: 8MB`).
 */
export async function spawnNats(t: Teardown, config?: string): Promise<OwnNats> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'rcpx-bus-nats-'));
  const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir];
  if (config !== undefined) {
    await writeFile(join(dir, 'server.conf'), config);
    args.push('-c', join(dir, 'server.conf'));
  }
  let proc: ChildProcess | undefined;
  let log = '';
  const own: OwnNats = {
    url: `nats://127.0.0.1:${port}`,
    log: () => log,
    async start() {
      proc = spawn(NATS_SERVER, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      proc.stderr?.setEncoding('utf8');
      proc.stderr?.on('data', (chunk: string) => (log += chunk));
      for (let i = 0; i < 100; i++) {
        if (await portOpen(port)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`nats-server did not start on ${port}`);
    },
    async stop() {
      const p = proc;
      proc = undefined;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise<void>((r) => p.once('exit', () => r()));
      p.kill('SIGKILL');
      await exited;
    },
  };
  t.teardown(async () => {
    await own.stop();
    await rm(dir, { recursive: true, force: true });
  });
  await own.start();
  return own;
}

/** Polls `fn` until it resolves (up to `attempts` × `everyMs`). */
export async function eventually<T>(
  fn: () => Promise<T>,
  attempts = 100,
  everyMs = 100,
): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
  throw last;
}
