// Test helpers shared by this service's tests (not part of the exported API).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { append, connectBus, ensureStream, subjectFor } from '@rcpx/bus';
import type { Bus } from '@rcpx/bus';
import type { NewEvent, Visibility } from '@rcpx/contracts';
import {
  createDb,
  generateToken,
  hashToken,
  insertToken,
  migrateCore,
  migrateReadModels,
} from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { createTestEnv } from '@rcpx/testing';
import type { TestEnv } from '@rcpx/testing';
import type { Kysely } from 'kysely';
import { createLogger } from '@rcpx/service-kit';

export interface Harness {
  env: TestEnv;
  db: Kysely<Database>;
  bus: Bus;
  /** A pool and a connection of its own for an app (an app closes what it is given). */
  appDeps(): Promise<{ db: Kysely<Database>; bus: Bus }>;
}

/** A fresh database (core + read models migrated) and stream for one test file. */
export async function harness(t: { teardown(fn: () => unknown): void }): Promise<Harness> {
  const env = await createTestEnv(t);
  const db = createDb(env.databaseUrl);
  const bus = await connectBus({
    url: env.natsUrl,
    stream: env.stream,
    subjectPrefix: env.subjectPrefix,
  });
  t.teardown(async () => {
    await bus.close();
    await db.destroy();
  });
  await ensureStream(bus);
  await migrateCore(db);
  await migrateReadModels(db);
  const appDeps = async () => ({
    db: createDb(env.databaseUrl),
    bus: await connectBus({
      url: env.natsUrl,
      stream: env.stream,
      subjectPrefix: env.subjectPrefix,
    }),
  });
  return { env, db, bus, appDeps };
}

export const quietLogger = () =>
  createLogger({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A token of `participant` (role reader unless said otherwise). */
export async function tokenFor(
  db: Kysely<Database>,
  participant: string,
  role: 'reader' | 'publisher' = 'reader',
): Promise<string> {
  const token = generateToken();
  await insertToken(db, { participant, role, hash: hashToken(token) });
  return token;
}

export interface PracticeSpec {
  participant: string;
  visibility?: Visibility;
  themes?: string[];
  title?: string;
}

/** Appends a `practice.shared` event straight to the log; returns its id and seq. */
export async function appendPractice(
  bus: Bus,
  spec: PracticeSpec,
): Promise<{ id: string; seq: number; itemId: string }> {
  const itemId = randomUUID();
  const event: NewEvent = {
    specversion: '1.0',
    id: randomUUID(),
    source: `/participants/${spec.participant}`,
    type: 'org.rcpx.practice.shared',
    subject: `practices/${itemId}`,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    rcpxversion: 1,
    data: {
      title: { en: spec.title ?? `Practice of ${spec.participant}` },
      themes: spec.themes ?? ['trafficking'],
      visibility: spec.visibility ?? { level: 'public' },
    },
  };
  const { seq } = await append(bus, subjectFor(bus, 'practice', itemId), event);
  return { id: event.id, seq, itemId };
}

/** One request the receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A real HTTP receiver; `answer` picks each response's status (default 200). */
export async function startReceiver(
  t: { teardown(fn: () => unknown): void },
  answer: (req: Received, n: number) => number | Promise<number> = () => 200,
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        status: 0,
      };
      void Promise.resolve(answer(r, received.length)).then((status) => {
        r.status = status;
        received.push(r);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, server };
}
