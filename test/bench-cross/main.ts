import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { PARTICIPANTS, THEMES } from '@rcpx/contracts';
import type { Database } from '@rcpx/db';
import { mintToken, openTestDeps } from '@rcpx/testing';
import { intEnv, intListEnv } from '../bench-common/int-env.ts';
import { publishLog } from '../bench-common/publish-log.ts';
import { teardownHost } from '../bench-common/teardown-host.ts';
import { startAllInOne } from '../bench/all-in-one.ts';
import { benchProjection } from '../bench/projection.ts';
import { formatTable, loadLine, rate, withCpu, type Row } from '../bench/report.ts';
import { benchReads, getJson, type ReadRequest } from './reads.ts';
import { generateCrossLog } from './workload.ts';
import { runBench } from '../bench-common/run-bench.ts';

// `npm run bench:cross`: the reads of issue 10 (lineage, flows, the overdue follow-up tracker,
// "awaiting my reply") on read models of 100k practices, 20k adoptions, 5k meetings with 20k
// recommendations and 2k queries with 20k replies. The log is generated, published raw to a
// fresh stream and projected (the projection rate is reported too); then `npm start`'s entry is
// started on that database and stream and driven over HTTP from outside. Not a test.

const SIZES = {
  practices: intEnv('BENCH_CROSS_PRACTICES', 100_000),
  adoptions: intEnv('BENCH_CROSS_ADOPTIONS', 20_000),
  meetings: intEnv('BENCH_CROSS_MEETINGS', 5_000),
  recommendations: intEnv('BENCH_CROSS_RECOMMENDATIONS', 4),
  reports: intEnv('BENCH_CROSS_REPORTS', 20_000),
  queries: intEnv('BENCH_CROSS_QUERIES', 2_000),
  replies: intEnv('BENCH_CROSS_REPLIES', 10),
  chains: intEnv('BENCH_CROSS_CHAINS', 2_000),
};
const SECONDS = intEnv('BENCH_CROSS_SECONDS', 5);
/** Each read is measured at each of these client concurrencies (1: one read at a time). */
const CONNECTIONS = intListEnv('BENCH_CROSS_CONNECTIONS', [1, 8]);
/** Seconds to keep the database after the run (print its URL) to EXPLAIN the reads by hand. */
const HOLD_SECONDS = Number(process.env.BENCH_CROSS_HOLD_SECONDS ?? 0);
const GOALS_P99_MS = {
  lineage: 20,
  flows: 50,
  overdue: 20,
  awaiting: 20,
  participants: 100,
  statsAsOf: 250,
} as const;

const progress = (msg: string) => console.error(`[bench:cross] ${msg} · ${loadLine()}`);

async function count(db: Kysely<Database>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n
    from ${sql.table(`rm.${table}`)}`.execute(db);
  return rows[0]!.n;
}

const length = (body: unknown, key: string) =>
  ((body as Record<string, unknown[] | undefined>)[key] ?? []).length;

async function main(): Promise<boolean> {
  const startedAt = new Date();
  const loadBefore = loadLine();
  const host = teardownHost();
  const checks: { what: string; ok: boolean }[] = [];
  try {
    const { env, db, bus } = await openTestDeps(host, {
      readModels: 'rm',
      name: 'rcpx-bench-cross',
    });
    progress('generating the log');
    const log = generateCrossLog(SIZES);
    progress(`publishing ${log.events.length.toLocaleString('en-US')} events`);
    const published = await publishLog(bus, env.natsUrl, log.events);
    checks.push({ what: 'log stored with seqs 1..N', ok: published.last === log.events.length });

    progress('projection of the log');
    const projected = await withCpu(() =>
      benchProjection(db, bus, published.last, { timeoutMs: 900_000 }),
    );
    const tables = {
      items: await count(db, 'items'),
      adoptions: await count(db, 'adoptions'),
      follow_up_outcomes: await count(db, 'follow_up_outcomes'),
      follow_up_reports: await count(db, 'follow_up_reports'),
      queries: await count(db, 'queries'),
      query_replies: await count(db, 'query_replies'),
    };
    checks.push({
      what: `read models hold the log (${JSON.stringify(tables)})`,
      ok:
        tables.items === SIZES.practices + SIZES.meetings &&
        tables.adoptions === SIZES.adoptions &&
        tables.follow_up_outcomes === SIZES.meetings * SIZES.recommendations &&
        tables.follow_up_reports === SIZES.reports &&
        tables.queries === SIZES.queries &&
        tables.query_replies === SIZES.queries * SIZES.replies,
    });
    await sql`vacuum analyze`.execute(db);

    progress('all-in-one (npm start) on that database and stream');
    const app = await startAllInOne(host, 'igc', { env });
    const slugs = PARTICIPANTS.map((p) => p.slug);
    const tokens = new Map<string, string>();
    for (const s of slugs) tokens.set(s, (await mintToken(db, s)).token);
    const someone = (i: number) => tokens.get(slugs[i % slugs.length]!)!;
    // anonymous and each participant in turn
    const asReaders = (paths: readonly string[]): ReadRequest[] =>
      paths.flatMap((path, i) => [{ path }, { path, token: someone(i) }]);

    const practices = [...log.lineageRoots.slice(0, 300), ...log.lineageMiddles.slice(0, 300)];
    const reads: Record<keyof typeof GOALS_P99_MS, { label: string; requests: ReadRequest[] }> = {
      lineage: {
        label: 'GET /v1/practices/{id}/lineage',
        requests: asReaders(practices.map((id) => `/v1/practices/${id}/lineage`)),
      },
      flows: {
        label: 'GET /v1/stats/flows[?theme=]',
        requests: asReaders([
          ...slugs.map(() => '/v1/stats/flows'),
          ...THEMES.map((t) => `/v1/stats/flows?theme=${t.slug}`),
        ]),
      },
      overdue: {
        label: 'GET /v1/follow-ups?overdue=true[&addressee=]',
        requests: asReaders([
          ...slugs.map(() => '/v1/follow-ups?overdue=true'),
          ...slugs.map((s) => `/v1/follow-ups?overdue=true&addressee=${s}`),
        ]),
      },
      awaiting: {
        label: 'GET /v1/queries?awaiting=<me>',
        requests: slugs.map((s) => ({ path: `/v1/queries?awaiting=${s}`, token: tokens.get(s) })),
      },
      participants: {
        label: 'GET /v1/participants (crossCounts)',
        requests: asReaders(slugs.map(() => '/v1/participants')),
      },
      statsAsOf: {
        label: 'GET /v1/stats?asOf=<seq> (cross)',
        requests: asReaders(
          [1, 2, 3, 4].map((q) => `/v1/stats?asOf=${Math.floor((published.last * q) / 5)}`),
        ),
      },
    };

    // what is measured answers something
    const lineage = await getJson(app.base, reads.lineage.requests[0]!);
    const flows = (await getJson(app.base, reads.flows.requests[0]!)) as unknown[];
    const overdue = await getJson(app.base, reads.overdue.requests[0]!);
    const awaiting = await getJson(app.base, reads.awaiting.requests[0]!);
    checks.push({
      what: 'lineage, flows, overdue and awaiting answer non-empty',
      ok:
        length(lineage, 'descendants') > 0 &&
        flows.length > 0 &&
        length(overdue, 'items') > 0 &&
        length(awaiting, 'items') > 0,
    });

    const rows: Row[] = [];
    for (const [name, read] of Object.entries(reads) as [
      keyof typeof GOALS_P99_MS,
      (typeof reads)[keyof typeof GOALS_P99_MS],
    ][]) {
      for (const connections of CONNECTIONS) {
        progress(`${read.label}: ${connections} connection(s), ${SECONDS} s`);
        const m = await withCpu(() =>
          benchReads(app.base, read.requests, { seconds: SECONDS, connections }),
        );
        checks.push({
          what: `${read.label} at ${connections} conn(s) answered 2xx`,
          ok: m.non2xx === 0 && m.errors === 0,
        });
        const goal = GOALS_P99_MS[name];
        rows.push({
          label: `${read.label}, ${connections} conn${connections > 1 ? 's' : ''}`,
          m,
          goal: { text: `p99 ≤ ${goal} ms`, met: m.p99 <= goal },
        });
      }
    }
    const projectionRow: Row = { label: 'projection of the log (every projection)', m: projected };
    console.log(
      [
        '',
        `rcpx bench:cross · ${startedAt.toISOString()} · node ${process.version}`,
        `log ${log.events.length.toLocaleString('en-US')} events: ${JSON.stringify(SIZES)}`,
        `published in ${published.seconds.toFixed(1)} s · projected at ${Math.round(rate(projected)).toLocaleString('en-US')} events/s`,
        `reads: ${SECONDS} s each at ${CONNECTIONS.join(', ')} connection(s), anonymous and participants in turn`,
        `before: ${loadBefore}`,
        `after:  ${loadLine()}`,
        '',
        formatTable([projectionRow, ...rows]),
        '',
        ...checks.map((c) => `check: ${c.ok ? 'ok  ' : 'FAIL'} ${c.what}`),
        '',
      ].join('\n'),
    );
    if (HOLD_SECONDS > 0) {
      const name = new URL(env.databaseUrl).pathname.slice(1);
      progress(`holding database ${name} (schema rm) for ${HOLD_SECONDS} s`);
      await new Promise((resolve) => setTimeout(resolve, HOLD_SECONDS * 1000));
    }
  } finally {
    await host.run();
  }
  return checks.every((c) => c.ok);
}

runBench('bench:cross', main);
