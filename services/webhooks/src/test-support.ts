// Test helpers shared by this service's tests (not part of the exported API).
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bus } from '@rcpx/bus';
import type { Visibility } from '@rcpx/contracts';
import type { Database } from '@rcpx/db';
import { appendPracticeEvent, mintToken, openTestDeps } from '@rcpx/testing';
import type { TeardownHost, TestDeps } from '@rcpx/testing';
import type { Kysely } from 'kysely';
import { createLogger } from '@rcpx/service-kit';

/** A fresh database (core + read models migrated) and stream for one test file. */
export function harness(t: TeardownHost): Promise<TestDeps> {
  return openTestDeps(t, { readModels: true });
}

export const quietLogger = () =>
  createLogger({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A token of `participant` (role reader unless said otherwise). */
export async function tokenFor(
  db: Kysely<Database>,
  participant: string,
  role: 'reader' | 'publisher' = 'reader',
): Promise<string> {
  return (await mintToken(db, participant, role)).token;
}

export interface PracticeSpec {
  participant: string;
  visibility?: Visibility;
  themes?: string[];
  title?: string;
}

/** Appends a `practice.shared` event straight to the log; returns its id and seq. */
export function appendPractice(
  bus: Bus,
  spec: PracticeSpec,
): Promise<{ id: string; seq: number; itemId: string }> {
  return appendPracticeEvent(bus, {
    participant: spec.participant,
    data: {
      title: { en: spec.title ?? `Practice of ${spec.participant}` },
      themes: spec.themes ?? ['trafficking'],
      visibility: spec.visibility ?? { level: 'public' },
    },
  });
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
