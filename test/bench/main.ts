import { cpus } from 'node:os';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '@rcpx/db';
import { openTestDeps, type TeardownHost, type TestEnv } from '@rcpx/testing';
import { lastSeq, type Bus } from '@rcpx/bus';
import { intEnv, intListEnv } from '../bench-common/int-env.ts';
import { teardownHost } from '../bench-common/teardown-host.ts';
import { profiled } from './cpu-profile.ts';
import {
  allInOneChecks,
  allInOneLines,
  allInOnePhases,
  allInOneRows,
} from './all-in-one-phases.ts';
import { benchHttpWrites } from './http-writes.ts';
import { benchProjection } from './projection.ts';
import {
  plainJetStream,
  rawCopy,
  rawCopyReadModels,
  rawInsert,
  rawPublish,
  readModelRows,
} from './raw-limits.ts';
import { benchRebuild } from './rebuild.ts';
import {
  formatCpuSplit,
  formatTable,
  formatTrace,
  loadLine,
  rate,
  withCpu,
  type Row,
} from './report.ts';
import { sqlTrace } from './sql-trace.ts';
import { generateBacklog } from './workload.ts';
import { selectedPhases } from './phases.ts';
import { runBench } from '../bench-common/run-bench.ts';

// `npm run bench`: write, projection and rebuild throughput of rcpx on a fresh stream and
// database, each beside the raw limit of NATS / Postgres measured in the same run. Not a test.
// `npm run bench -- --only projection` (or `BENCH_ONLY=projection,all-in-one`) runs some phases.

const EVENTS = intEnv('BENCH_EVENTS', 100_000);
const SECONDS = intEnv('BENCH_SECONDS', 10);
/** The HTTP run is repeated at each of these client concurrencies (the latency/throughput curve). */
const CONNECTIONS = intListEnv('BENCH_CONNECTIONS', [16, 32, 64]);
const MAX_REQUESTS = intEnv('BENCH_MAX_REQUESTS', 20_000 * SECONDS);
/** A folder for one CPU profile per phase (`<phase>.cpuprofile`), off when unset. */
const PROFILE_DIR = process.env.BENCH_PROFILE || undefined;
/** Ingest alone (a), at 32 connections. */
const GOAL_INGEST_CONNECTIONS = 32;
const GOAL_INGEST_RATE = 6_500;
const GOAL_INGEST_P99_MS = 15;
const GOAL_PROJECTION_RATE = 8_000;
/** Stretch: the projection against the raw COPY of its own rows in the same run. */
const GOAL_PROJECTION_VS_COPY = 0.6;

const sum = (ns: readonly number[]) => ns.reduce((a, b) => a + b, 0);
const progress = (msg: string) => console.error(`[bench] ${msg} · ${loadLine()}`);

async function countEvents(db: Kysely<Database>, schema: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n
    from ${sql.table(`${schema}.events`)}`.execute(db);
  return rows[0]!.n;
}

/** Raw limits: the backlog published (through @rcpx/bus, then a plain client), inserted, copied. */
async function backlogPhases(
  host: TeardownHost,
  env: TestEnv,
  db: Kysely<Database>,
  bus: Bus,
  checks: { what: string; ok: boolean }[],
) {
  progress(`generating ${EVENTS.toLocaleString('en-US')} events`);
  const backlog = generateBacklog(EVENTS);

  // The backlog goes in by raw publishes: the first half through @rcpx/bus's connection (as
  // the services publish), the second through a plain client (the raw limit).
  const half = Math.floor(EVENTS / 2);
  progress('JetStream publish of the backlog, first half through @rcpx/bus');
  const viaBus = await withCpu(() =>
    profiled(PROFILE_DIR, 'publish-bus-client', () =>
      rawPublish(bus.js, bus, backlog.slice(0, half), 1000),
    ),
  );
  progress('raw JetStream publish of the backlog, second half through a plain client');
  const plain = await plainJetStream(env.natsUrl);
  host.teardown(() => plain.close());
  const published = await withCpu(() =>
    profiled(PROFILE_DIR, 'raw-publish', () =>
      rawPublish(plain.js, bus, backlog.slice(half), 1000),
    ),
  );
  checks.push({
    what: 'backlog stored with seqs 1..N',
    ok: viaBus.last === half && published.last === EVENTS,
  });

  progress('raw Postgres multi-row insert');
  const inserted = await withCpu(() =>
    profiled(PROFILE_DIR, 'raw-insert', () => rawInsert(db, env.databaseUrl, backlog)),
  );

  progress('raw Postgres COPY');
  const copied = await withCpu(() => profiled(PROFILE_DIR, 'raw-copy', () => rawCopy(db, backlog)));
  return { viaBus, published, inserted, copied };
}

/** A full collection when node runs with --expose-gc (`npm run bench` does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

type Measured = Row['m'];
type Https = (Awaited<ReturnType<typeof benchHttpWrites>> & { connections: number })[];

async function httpPhases(env: TestEnv): Promise<Https> {
  const https: Https = [];
  for (const connections of CONNECTIONS) {
    collectGarbage();
    progress(`HTTP writes: ${connections} connections, ${SECONDS} s`);
    const http = await withCpu(() =>
      profiled(PROFILE_DIR, `http-writes-${connections}`, () =>
        benchHttpWrites(env, { seconds: SECONDS, connections, maxRequests: MAX_REQUESTS }),
      ),
    );
    https.push({ ...http, connections });
  }
  return https;
}

async function main(): Promise<boolean> {
  const startedAt = new Date();
  const loadBefore = loadLine();
  const phases = selectedPhases();
  const host = teardownHost();
  const checks: { what: string; ok: boolean }[] = [];
  try {
    const { env, db, bus } = await openTestDeps(host, { readModels: 'rm', name: 'rcpx-bench' });
    const trace = sqlTrace();
    const traced = db.withPlugin(trace.plugin);

    let backlog: Awaited<ReturnType<typeof backlogPhases>> | undefined;
    if (phases.has('projection') || phases.has('rebuild')) {
      backlog = await backlogPhases(host, env, db, bus, checks);
      // the backlog (hundreds of MB of objects) is garbage now: collected before the app phases,
      // so their GC does not walk it
      collectGarbage();
    }

    let projected: (Measured & { batches: number }) | undefined;
    let copiedModels: Measured | undefined;
    let projectionTrace: ReturnType<typeof trace.summary> = [];
    if (backlog && phases.has('projection')) {
      progress('projection of the backlog');
      projected = await withCpu(() =>
        profiled(PROFILE_DIR, 'projection', () =>
          benchProjection(traced, bus, backlog.published.last),
        ),
      );
      projectionTrace = trace.summary();
      checks.push({
        what: 'every backlog event mirrored once',
        ok: (await countEvents(db, 'rm')) === EVENTS,
      });
      progress("raw COPY of the projection's own rows into fresh read-model tables");
      const modelRows = await readModelRows(env.databaseUrl, 'rm');
      copiedModels = await withCpu(() =>
        profiled(PROFILE_DIR, 'raw-copy-models', () => rawCopyReadModels(db, modelRows)),
      );
    }

    const https = phases.has('http') ? await httpPhases(env) : [];
    if (https.length > 0) {
      checks.push({
        what: 'every HTTP write answered 201',
        ok: https.every((h) => h.non2xx === 0 && h.errors === 0),
      });
    }

    const allInOne = phases.has('all-in-one')
      ? await allInOnePhases(host, {
          seconds: SECONDS,
          maxRequests: MAX_REQUESTS,
          profileDir: PROFILE_DIR,
          progress,
        })
      : undefined;
    if (allInOne) checks.push(...allInOneChecks(allInOne));

    let rebuilt: (Measured & { checkpoint: number }) | undefined;
    let rebuildTrace: ReturnType<typeof trace.summary> = [];
    if (phases.has('rebuild')) {
      collectGarbage();
      progress('rebuild of the read models from the whole log');
      const last = await lastSeq(bus);
      trace.reset();
      rebuilt = await withCpu(() =>
        profiled(PROFILE_DIR, 'rebuild', () => benchRebuild(traced, bus)),
      );
      rebuildTrace = trace.summary();
      checks.push({
        what: 'rebuild reached the last seq with every event',
        ok: rebuilt.checkpoint === last && (await countEvents(db, 'rm')) === last,
      });
    }

    const rows: Row[] = [
      ...https.map((http, i) => ({
        label: `${i === 0 ? '(a)' : '   '} HTTP POST /v1/practices → 201, ${http.connections} conns`,
        m: http,
        ...(http.connections === GOAL_INGEST_CONNECTIONS
          ? {
              goal: {
                text: `≥ ${GOAL_INGEST_RATE.toLocaleString('en-US')}/s, p99 ≤ ${GOAL_INGEST_P99_MS} ms`,
                met: rate(http) >= GOAL_INGEST_RATE && http.p99 <= GOAL_INGEST_P99_MS,
              },
            }
          : {}),
      })),
      ...(allInOne ? allInOneRows(allInOne) : []),
      ...(backlog
        ? [
            { label: '    raw: js.publish, windows of 1,000', m: backlog.published },
            { label: '    the same through @rcpx/bus (first half)', m: backlog.viaBus },
          ]
        : []),
      ...(projected
        ? [
            {
              label: '(b) projection, checkpoint in trx',
              m: projected,
              goal: {
                text: `≥ ${GOAL_PROJECTION_RATE.toLocaleString('en-US')}/s`,
                met: rate(projected) >= GOAL_PROJECTION_RATE,
              },
            },
          ]
        : []),
      ...(backlog
        ? [
            { label: '    raw: INSERT 1,000 rows + checkpoint', m: backlog.inserted },
            { label: '    raw: COPY 5,000 rows + checkpoint', m: backlog.copied },
          ]
        : []),
      ...(copiedModels
        ? [{ label: "    raw: COPY of (b)'s rows, 3 tables at once", m: copiedModels }]
        : []),
      ...(rebuilt ? [{ label: '(c) rebuild of all read models', m: rebuilt }] : []),
    ];
    const vsInsert = (m: Measured) =>
      backlog ? (rate(m) / rate(backlog.inserted)).toFixed(2) + '× the raw INSERT' : '';
    console.log(
      [
        '',
        `rcpx bench · ${startedAt.toISOString()} · node ${process.version} · phases ${[...phases].join(', ')}`,
        `backlog ${EVENTS.toLocaleString('en-US')} events · HTTP ${SECONDS} s at ${CONNECTIONS.join(', ')} connections` +
          ` (${sum(https.map((h) => h.non2xx))} non-2xx, ${sum(https.map((h) => h.errors))} errors)` +
          (projected ? ` · projection ${projected.batches} batches` : ''),
        `before: ${loadBefore}`,
        `after:  ${loadLine()}`,
        '',
        formatTable(rows),
        '',
        ...(projected ? [`(b) projection: ${vsInsert(projected)} of the same run`] : []),
        ...(projected && copiedModels
          ? [
              `(b) projection: ${(rate(projected) / rate(copiedModels)).toFixed(2)}× the raw COPY of ` +
                `its own rows (stretch ≥ ${GOAL_PROJECTION_VS_COPY}×)`,
            ]
          : []),
        ...(rebuilt ? [`(c) rebuild: ${vsInsert(rebuilt)} of the same run`] : []),
        ...(allInOne ? allInOneLines(allInOne) : []),
        '',
        'node CPU = CPU time of this process / wall time (100 % = one core). It holds the app measured (ingest,\n' +
          'projector) and the publisher/inserter; the HTTP load generator runs in a child process.\n' +
          `CPU µs/event = CPU time of the whole machine (Node, Postgres, NATS, load generator) per event: with\n` +
          `${cpus().length} cores, N events/s needs at most ${cpus().length} × 1,000,000 / N µs of it.`,
        ...checks.map((c) => `check: ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`),
        '',
        formatCpuSplit(rows),
        'By process: CPU time of each process (with its children that ended) per event. Processes are\n' +
          'charged time the hypervisor stole and the machine is not: where they add up to more, total is theirs.\n' +
          "The raw COPY of (b)'s rows is the ceiling of (b): the same rows, no decoding, folding or encoding.",
        ...(projected
          ? [
              '',
              formatTrace(
                'where the projection time goes (statement time seen by the client)',
                projectionTrace,
                projected.seconds,
              ),
            ]
          : []),
        ...(rebuilt
          ? ['', formatTrace('where the rebuild time goes', rebuildTrace, rebuilt.seconds)]
          : []),
        '',
      ].join('\n'),
    );
  } finally {
    await host.run();
  }
  return checks.every((c) => c.ok);
}

runBench('bench', main);
