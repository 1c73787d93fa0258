import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import { systemClock, utcDate, type Clock } from '@rcpx/contracts';
import { readModels, type Database } from '@rcpx/db';
import { handleAggregate } from './commands/aggregate-handler.ts';
import { queryDecider } from './commands/query/decide.ts';

/** What the sweeper runs on. */
export interface QuerySweeperDeps {
  db: Kysely<Database>;
  bus: Bus;
  logger: FastifyBaseLogger;
  /** The read schema (`rm`). */
  schema?: string;
  clock?: Clock;
  /** Between sweeps (default 60 s); the first sweep runs at start. */
  intervalMs?: number;
}

export interface QuerySweeper {
  /** One sweep now: closes every query whose deadline is past; resolves to how many it closed. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/** Every instance closes a due query under the same msg id: a racing publish is a duplicate. */
const expiryMsgId = (id: string) =>
  createHash('sha256').update(`rcpx:query-expired:${id}`).digest('hex');

/**
 * Closes the queries whose deadline is past (`org.rcpx.query.closed`, `by: "deadline"`), at
 * start and every minute. Safe on every instance at once: the due queries come from the read
 * models, but each close is decided on the query's own subject in the log and appended with
 * its expected last sequence (and one msg id per query), so a query closes exactly once however
 * many instances sweep, whoever else replies or closes meanwhile, and across restarts.
 */
export function startQuerySweeper(deps: QuerySweeperDeps): QuerySweeper {
  const { db, bus, logger } = deps;
  const schema = deps.schema ?? 'rm';
  const clock = deps.clock ?? systemClock;
  let running: Promise<number> | null = null;

  async function sweepOnce(): Promise<number> {
    const today = utcDate(clock.now());
    const due = await readModels(db, schema)
      .selectFrom('queries')
      .select(['id', 'participant'])
      .where('status', '=', 'open')
      .where('deadline', '<', today)
      .orderBy('deadline')
      .limit(1000)
      .execute();
    let closed = 0;
    for (const { id, participant } of due) {
      // the close is the launcher's (its source), as the query's other events
      const result = await handleAggregate(bus, queryDecider, {
        kind: 'query',
        id,
        command: { type: 'expire', id, today },
        participant,
        idempotency: { msgId: expiryMsgId(id), bodyHash: 'deadline' },
        status: 200,
        retries: 50,
      });
      if (result.ok && !result.outcome.replayed) closed++;
    }
    if (closed > 0) logger.info({ closed }, 'query sweeper: closed queries past their deadline');
    return closed;
  }

  const sweep = (): Promise<number> => {
    running ??= sweepOnce().finally(() => {
      running = null;
    });
    return running;
  };
  const tick = () =>
    void sweep().catch((err: unknown) => logger.warn({ err }, 'query sweeper: sweep failed'));
  tick();
  const timer = setInterval(tick, deps.intervalMs ?? 60_000);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
