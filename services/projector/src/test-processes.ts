import type { Test } from 'tap';
import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import type { Database } from '@rcpx/db';
import {
  serviceEnv,
  spawnService,
  waitFor,
  type ServiceProcess,
  type TestEnv,
} from '@rcpx/testing';
import { rebuildReadModels } from './rebuild.ts';
import { countRows, countsDrift, schemaDiff, searchDrift } from './test-support.ts';

// The projector in child processes (crash and failover tests), and the verdict on what they built.

/** A projector process (`main.ts`) on `env`'s database and log; its output is dropped unless asked. */
export function spawnProjector(
  env: TestEnv,
  opts: { name?: string; logLevel?: string; onLine?: (line: string) => void } = {},
): ServiceProcess {
  const vars = { ...serviceEnv(env), PORT: '0', LOG_LEVEL: opts.logLevel ?? 'warn' };
  return spawnService('services/projector/src/main.ts', vars, {
    onLine: opts.onLine ?? (() => {}),
    ...(opts.name ? { name: opts.name } : {}),
  });
}

/**
 * Waits (up to 2 min) for `checkpoint()` to reach `last` while `child` projects; on a timeout,
 * comments the child's output and rethrows.
 */
export async function waitForCatchUp(
  t: Test,
  child: ServiceProcess,
  checkpoint: () => Promise<number>,
  last: number,
): Promise<void> {
  await waitFor(async () => (await checkpoint()) === last, {
    timeoutMs: 120_000,
    message: `projector did not catch up to ${last}`,
  }).catch((err: unknown) => {
    t.comment(child.output());
    throw err;
  });
}

/**
 * Asserts that `rm` holds the log up to `last` exactly once: one events row per seq, search and
 * counts agreeing with the items, and every table equal to a fresh projection of the log.
 */
export async function assertProjectedOnce(
  t: Test,
  db: Kysely<Database>,
  bus: Bus,
  last: number,
): Promise<void> {
  t.equal(await countRows(db, 'rm', 'events'), last, 'every event mirrored exactly once');
  t.equal(await searchDrift(db, 'rm'), 0, 'every item searchable, with its last title');
  t.equal(await countsDrift(db, 'rm'), 0, 'counts agree with the items');
  const rebuilt = await rebuildReadModels({ db, bus, schema: 'rm_check' });
  t.equal(rebuilt.checkpoint, last, 'a fresh projection of the log reaches the same seq');
  t.same(
    await schemaDiff(db, 'rm', 'rm_check'),
    { checkpoint: 0, items: 0, item_search: 0, events: 0, counts: 0 },
    'items (versions), events, search and counts equal a fresh projection of the log',
  );
}
