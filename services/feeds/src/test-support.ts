// Test helpers shared by this service's tests (not part of the exported API).
import { randomUUID } from 'node:crypto';
import FeedParser from 'feedparser';
import type { Kysely } from 'kysely';
import { append, connectBus, ensureStream, lastSeq, subjectFor } from '@rcpx/bus';
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
import { startProjector } from '@rcpx/projector';
import { createLogger } from '@rcpx/service-kit';
import { createTestEnv } from '@rcpx/testing';

export const quietLogger = () =>
  createLogger({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A fresh database and stream, with the projector filling `rm`; `sync()` waits for it. */
export async function harness(t: { teardown(fn: () => unknown): void }) {
  const env = await createTestEnv(t);
  const db: Kysely<Database> = createDb(env.databaseUrl);
  const bus: Bus = await connectBus({
    url: env.natsUrl,
    stream: env.stream,
    subjectPrefix: env.subjectPrefix,
  });
  await ensureStream(bus);
  await migrateCore(db);
  await migrateReadModels(db);
  const projector = startProjector({ db, bus });
  t.teardown(async () => {
    await projector.stop();
    await bus.close();
    await db.destroy();
  });
  const sync = async () => projector.caughtUp(await lastSeq(bus), 20_000);
  // An app closes the pool it is given: it gets its own.
  const appDb = () => createDb(env.databaseUrl);
  return { env, db, bus, sync, appDb };
}

export async function tokenFor(db: Kysely<Database>, participant: string): Promise<string> {
  const token = generateToken();
  await insertToken(db, { participant, role: 'reader', hash: hashToken(token) });
  return token;
}

export interface Spec {
  participant: string;
  visibility?: Visibility;
  themes?: string[];
  title?: Record<string, string>;
  summary?: Record<string, string>;
}

/** Appends a `practice.shared` event to the log. */
export async function share(bus: Bus, spec: Spec) {
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
      title: spec.title ?? { en: `A practice of ${spec.participant}` },
      ...(spec.summary ? { summary: spec.summary } : {}),
      themes: spec.themes ?? ['health'],
      visibility: spec.visibility ?? { level: 'public' },
    },
  };
  const { seq } = await append(bus, subjectFor(bus, 'practice', itemId), event);
  return { ...spec, id: event.id, seq, itemId, visibility: spec.visibility ?? { level: 'public' } };
}

/** Parses an Atom document with feedparser in strict (well-formed XML only) mode. */
export function parseFeed(
  xml: string,
): Promise<{ meta: FeedParser.Meta; items: FeedParser.Item[] }> {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({ strict: true, normalize: true, addmeta: false });
    const items: FeedParser.Item[] = [];
    parser.on('error', reject);
    parser.on('readable', () => {
      let item: FeedParser.Item | null;
      while ((item = parser.read() as FeedParser.Item | null)) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta as FeedParser.Meta, items }));
    parser.end(xml);
  });
}
