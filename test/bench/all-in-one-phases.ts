import { createTestEnv, type TeardownHost } from '@rcpx/testing';
import { leaderLockName } from '@rcpx/projector';
import { FANOUT_LOCK } from '@rcpx/webhooks';
import { intEnv } from '../bench-common/int-env.ts';
import { benchAllInOneWrites, benchPublishToReadable, startAllInOne } from './all-in-one.ts';
import { cpus } from 'node:os';
import { machineMicros, rate, withCpu, type Row } from './report.ts';
import { holdLeaderLocks } from './standby.ts';

// What a user sees: the all-in-one (`npm start`) driven from outside — (e) publish → readable,
// (d) its HTTP writes — and beside (d) its ceiling: the same load on a second all-in-one whose
// projector and webhook fan-out stand by (their leader locks held by the bench, as a replica
// would), so that nothing reads the log behind ingest but the live hub.

const ALL_IN_ONE_CONNECTIONS = intEnv('BENCH_ALL_IN_ONE_CONNECTIONS', 32);
const READABLE_WRITES = intEnv('BENCH_READABLE_WRITES', 1_000);
/** The all-in-one's writes (d). */
const GOAL_HTTP_RATE = 5_000;
const GOAL_HTTP_P99_MS = 20;
const GOAL_READABLE_P50_MS = 8;
const GOAL_READABLE_P99_MS = 25;
const PARTICIPANT = 'igc';

export interface AllInOneRun {
  seconds: number;
  maxRequests: number;
  profileDir: string | undefined;
  progress: (msg: string) => void;
}

export type AllInOneResults = Awaited<ReturnType<typeof allInOnePhases>>;

/** (e), (d), then (d)'s ceiling, each all-in-one on its own database and stream. */
export async function allInOnePhases(host: TeardownHost, run: AllInOneRun) {
  const { progress } = run;
  const load = {
    seconds: run.seconds,
    connections: ALL_IN_ONE_CONNECTIONS,
    maxRequests: run.maxRequests,
    participant: PARTICIPANT,
  };
  progress('all-in-one (npm start) in a child process, on its own database and stream');
  const app = await startAllInOne(host, PARTICIPANT, { profileDir: run.profileDir });
  progress(`all-in-one: publish → readable with minSeq, one client, ${READABLE_WRITES} writes`);
  const readable = await withCpu(() =>
    benchPublishToReadable(app, { writes: READABLE_WRITES, participant: PARTICIPANT }),
  );
  progress(`all-in-one: HTTP writes, ${ALL_IN_ONE_CONNECTIONS} connections, ${run.seconds} s`);
  const writes = await withCpu(() => benchAllInOneWrites(app, load));
  await app.stop();

  progress('all-in-one ceiling: the same writes, its projector and webhook fan-out standing by');
  const env = await createTestEnv(host);
  const release = await holdLeaderLocks(env.databaseUrl, [leaderLockName('rm'), FANOUT_LOCK]);
  host.teardown(release);
  const bare = await startAllInOne(host, PARTICIPANT, { env });
  const ceiling = await withCpu(() => benchAllInOneWrites(bare, { ...load, projecting: false }));
  await bare.stop();
  return { readable, writes, ceiling };
}

/** (d), its ceiling and (e), for the bench's table. */
export function allInOneRows({ readable, writes, ceiling }: AllInOneResults): Row[] {
  return [
    {
      label: `(d) all-in-one POST /v1/practices, ${ALL_IN_ONE_CONNECTIONS} conns`,
      m: writes,
      goal: {
        text: `≥ ${GOAL_HTTP_RATE.toLocaleString('en-US')}/s, p99 ≤ ${GOAL_HTTP_P99_MS} ms`,
        met: rate(writes) >= GOAL_HTTP_RATE && writes.p99 <= GOAL_HTTP_P99_MS,
      },
    },
    { label: '    ceiling: the same, projector and fan-out on standby', m: ceiling },
    {
      label: '(e) all-in-one publish → readable (minSeq), 1 client',
      m: readable,
      goal: {
        text: `p50 ≤ ${GOAL_READABLE_P50_MS} ms, p99 ≤ ${GOAL_READABLE_P99_MS} ms`,
        met: readable.p50 <= GOAL_READABLE_P50_MS && readable.p99 <= GOAL_READABLE_P99_MS,
      },
    },
  ];
}

/** What the all-in-one phases checked. */
export function allInOneChecks({ readable, writes, ceiling }: AllInOneResults) {
  return [
    {
      what: 'every all-in-one write and read answered 2xx',
      ok: [readable, writes, ceiling].every((m) => m.non2xx === 0 && m.errors === 0),
    },
    {
      what: "a live client received every write of (d)'s load once, in order, and of its ceiling's",
      ok: [writes, ceiling].every(({ live, end }) => live.inOrder && live.lastSeq >= end),
    },
  ];
}

/** The lines under the table about (d). */
export function allInOneLines({ writes, ceiling }: AllInOneResults): string[] {
  const lag = writes.lag!;
  const gap = (ms: number) => `${Math.round(ms)} ms`;
  const budget = (cpus().length * 1e6) / GOAL_HTTP_RATE;
  const bare = machineMicros(ceiling);
  const full = machineMicros(writes);
  const us = (n: number) => `${Math.round(n)} µs`;
  return [
    `(d) all-in-one: its projector was ${lag.behind.toLocaleString('en-US')} events behind as the ` +
      `load ended, caught up ${(lag.catchUpMs / 1000).toFixed(2)} s later (its CPU is in (d)'s CPU µs/event)`,
    `(d) all-in-one: ${(rate(writes) / rate(ceiling)).toFixed(2)}× its ceiling, the same writes with ` +
      'nothing behind the log but the live hub (the bound of (d) on this machine)',
    ...(bare !== undefined && full !== undefined
      ? [
          `(d) all-in-one: at ${GOAL_HTTP_RATE.toLocaleString('en-US')}/s a write may cost ` +
            `${us(budget)} of this machine (${cpus().length} cores, all busy); the ceiling's cost ` +
            `${us(bare)}, leaving ${us(budget - bare)} to project and fan out each (they cost ${us(full - bare)} in (d))`,
        ]
      : []),
    `(d) all-in-one: a live client (SSE) received ${writes.live.frames.toLocaleString('en-US')} frames; ` +
      `the longest wait between two of the load's was ${gap(writes.live.longestGapMs)} ` +
      `(ceiling: ${gap(ceiling.live.longestGapMs)})`,
  ];
}
