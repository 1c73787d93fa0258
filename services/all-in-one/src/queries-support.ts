import type { Test } from 'tap';
import type { Clock } from '@rcpx/contracts';
import { startQuerySweeper } from '@rcpx/ingest';
import { startTestExchange } from './test-exchange.ts';

// Test-only: the exchange in one process (projector and live hub beside it) on the test file's
// own database and stream, with clocks the tests set: instances are apps on their own
// connections to the same database and log.

export const ADMIN = 'queries-admin-token';

/** A clock at a settable instant. */
export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return {
    now: () => now,
    set(next: string) {
      now = new Date(next);
    },
  };
}

export async function queriesExchange(t: Test) {
  const x = await startTestExchange(t, { admin: ADMIN, webhooks: false });
  const { deps, logger } = x;
  /** A sweeper on its own connections (an instance's), with its own clock; not stopped here. */
  const sweeper = async (clock: Clock) => {
    const own = await deps.appDeps();
    const s = startQuerySweeper({ ...own, logger, clock, intervalMs: 3_600_000 });
    t.teardown(async () => {
      await s.stop();
      await own.bus.close();
      await own.db.destroy();
    });
    return s;
  };
  return {
    db: x.db,
    bus: x.bus,
    projector: x.projector,
    instance: x.instance,
    sweeper,
    request: x.requestOn,
    headersOf: x.headersOf,
  };
}

/** A query body due in `days` from `today` (YYYY-MM-DD). */
export function queryBody(deadline: string, extra: Record<string, unknown> = {}) {
  return {
    title: { en: 'Reintegration grants: what works?', fr: 'Aides à la réintégration' },
    questions: [
      {
        ref: 'grants',
        text: { en: 'Do you run reintegration grants?', fr: 'Avez-vous des aides ?' },
      },
      { ref: 'evaluation', text: { es: '¿Quién evalúa los programas?' } },
    ],
    themes: ['return-reintegration'],
    deadline,
    ...extra,
  };
}
