// Test helpers shared by this service's tests (not part of the exported API).
import FeedParser from 'feedparser';
import { lastSeq } from '@rcpx/bus';
import type { Bus } from '@rcpx/bus';
import type { Visibility } from '@rcpx/contracts';
import { createDb } from '@rcpx/db';
import type { Database } from '@rcpx/db';
import { startProjector } from '@rcpx/projector';
import { createLogger } from '@rcpx/service-kit';
import { appendPracticeEvent, mintToken, openTestDeps } from '@rcpx/testing';
import type { TeardownHost } from '@rcpx/testing';
import type { Kysely } from 'kysely';

export const quietLogger = () =>
  createLogger({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A fresh database and stream, with the projector filling `rm`; `sync()` waits for it. */
export async function harness(t: TeardownHost) {
  const { env, db, bus } = await openTestDeps(t, { readModels: true });
  const projector = startProjector({ db, bus });
  t.teardown(() => projector.stop());
  const sync = async () => projector.caughtUp(await lastSeq(bus), 20_000);
  // An app closes the pool it is given: it gets its own.
  const appDb = () => createDb(env.databaseUrl);
  return { env, db, bus, sync, appDb };
}

export async function tokenFor(db: Kysely<Database>, participant: string): Promise<string> {
  return (await mintToken(db, participant)).token;
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
  const visibility = spec.visibility ?? { level: 'public' };
  const appended = await appendPracticeEvent(bus, {
    participant: spec.participant,
    data: {
      title: spec.title ?? { en: `A practice of ${spec.participant}` },
      ...(spec.summary ? { summary: spec.summary } : {}),
      themes: spec.themes ?? ['health'],
      visibility,
    },
  });
  return { ...spec, ...appended, visibility };
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
