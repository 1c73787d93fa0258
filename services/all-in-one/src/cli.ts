/**
 * `npm run rcpx -- <command>`: admin commands on the servers of `npm start`. Every failure is one
 * line on stderr and a non-zero exit: 2 for a usage error, 1 for anything else.
 */
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Bus } from '@rcpx/bus';
import { z } from 'zod';
import {
  CountryCode,
  MembershipRole,
  MembershipSource,
  ParticipantSlug,
  PartialDate,
  TokenCreateBody,
} from '@rcpx/contracts';
import {
  createDb,
  generateToken,
  hashToken,
  insertToken,
  migrateCore,
  revokeToken,
  type Database,
} from '@rcpx/db';
import { handleMembership } from '@rcpx/ingest';
import { rebuildReadModels } from '@rcpx/projector';
import { BaseConfig, createLogger, loadConfig, openDbAndBus } from '@rcpx/service-kit';
import { CliError, oneLine, UsageError } from './cli-errors.ts';
import { resolveNats, resolvePostgres } from './local-infra.ts';
import { readRunFile, runFilePath } from './run-file.ts';

const USAGE = `usage: npm run rcpx -- <command>

  tokens create --participant <slug> --role publisher|reader [--label <text>]
                         mint a token (printed once; only its SHA-256 hash is stored)
  tokens revoke <id>     revoke a token
  tokens list            list tokens (never the tokens themselves)
  projections rebuild    replay the whole log into fresh read models and swap them in
  membership set <participant> <cc> member|observer|none
                [--as-of YYYY[-MM[-DD]]] [--source-name <text>] [--source-url <url>]
                         record a state's role in a process (org.rcpx.membership.changed)

Works on the servers of the running \`npm start\` (whatever its shell's environment), else on
those npm start would use: DATABASE_URL / NATS_URL, else the local servers, else the embedded
ones under var/. \`projections rebuild\` and \`membership set\` need NATS.`;

/** `membership set <participant> <cc> <role>` and its options. */
const MembershipSetArgs = z.object({
  participant: ParticipantSlug,
  country: CountryCode,
  role: MembershipRole,
  asOf: PartialDate.optional(),
  source: MembershipSource.optional(),
});

/** Closes what a command opened, last opened first. */
const cleanups: Array<() => Promise<unknown>> = [];

/** The environment of the running `npm start` where this shell sets no server of its own. */
function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  const run = readRunFile(runFilePath(env));
  if (run && !env.DATABASE_URL && !env.NATS_URL) {
    for (const [name, value] of Object.entries(run.env)) env[name] ||= value;
  }
  loadConfig(BaseConfig, env); // a bad variable fails here, named, before anything is opened
  return env;
}

async function openPostgres(env: NodeJS.ProcessEnv): Promise<Kysely<Database>> {
  const server = await resolvePostgres(env);
  cleanups.push(() => server.stop());
  const db = createDb(server.url, { max: 2, onError: () => {} });
  cleanups.push(() => db.destroy());
  await migrateCore(db).catch((err: unknown) => {
    throw new CliError(`cannot use PostgreSQL at ${redact(server.url)}: ${oneLine(err)}`);
  });
  return db;
}

async function openPostgresAndNats(env: NodeJS.ProcessEnv) {
  const [postgres, nats] = [await resolvePostgres(env), await resolveNats(env)];
  cleanups.push(
    () => postgres.stop(),
    () => nats.stop(),
  );
  const config = loadConfig(BaseConfig, { ...env, DATABASE_URL: postgres.url, NATS_URL: nats.url });
  const logger = createLogger({ LOG_LEVEL: env.LOG_LEVEL ?? 'silent' });
  let opened: { db: Kysely<Database>; bus: Bus };
  try {
    opened = await openDbAndBus(config, logger, 'rcpx-cli');
  } catch (err) {
    const where = `PostgreSQL at ${redact(postgres.url)} and NATS at ${nats.url}`;
    throw new CliError(`cannot use ${where} (stream ${config.RCPX_STREAM}): ${oneLine(err)}`);
  }
  cleanups.push(
    () => opened.db.destroy(),
    () => opened.bus.close(),
  );
  return { ...opened, config, logger };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

async function run(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        participant: { type: 'string' },
        role: { type: 'string' },
        label: { type: 'string' },
        'as-of': { type: 'string' },
        'source-name': { type: 'string' },
        'source-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(oneLine(err));
  }
  const { values, positionals } = parsed;
  const [group, command, arg, arg2, arg3] = positionals;
  if (values.help || !group) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const env = serverEnv();

  if (group === 'tokens' && command === 'create') {
    const body = TokenCreateBody.safeParse({
      participant: values.participant,
      role: values.role,
      ...(values.label ? { label: values.label } : {}),
    });
    if (!body.success) {
      throw new UsageError(
        body.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const db = await openPostgres(env);
    const token = generateToken();
    const row = await insertToken(db, { ...body.data, hash: hashToken(token) });
    process.stdout.write(
      `${JSON.stringify({ id: row.id, participant: row.participant, role: row.role, token })}\n`,
    );
  } else if (group === 'tokens' && command === 'revoke') {
    if (!arg) throw new UsageError('tokens revoke needs the token id');
    const db = await openPostgres(env);
    if (!(await revokeToken(db, arg).catch(() => false))) {
      throw new CliError(`no live token with id ${arg}`);
    }
    process.stdout.write(`revoked ${arg}\n`);
  } else if (group === 'tokens' && command === 'list') {
    const db = await openPostgres(env);
    const rows = await db
      .selectFrom('tokens')
      .select(['id', 'participant', 'role', 'label', 'created_at', 'revoked_at'])
      .orderBy('created_at')
      .execute();
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
  } else if (group === 'projections' && command === 'rebuild') {
    const { db, bus, config, logger } = await openPostgresAndNats(env);
    const started = Date.now();
    const schema = config.RCPX_READ_SCHEMA;
    const result = await rebuildReadModels({ db, bus, schema, logger });
    process.stdout.write(
      `rebuilt ${schema}: ${result.events} events replayed, checkpoint ${result.checkpoint}, ${Date.now() - started} ms\n`,
    );
  } else if (group === 'membership' && command === 'set') {
    const input = MembershipSetArgs.safeParse({
      participant: arg,
      country: arg2,
      role: arg3,
      asOf: values['as-of'],
      source:
        values['source-name'] !== undefined
          ? { name: values['source-name'], url: values['source-url'] }
          : undefined,
    });
    if (!input.success) {
      throw new UsageError(
        input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const { bus } = await openPostgresAndNats(env);
    const result = await handleMembership(bus, { type: 'set', ...input.data }, undefined);
    if (!result.ok) throw new CliError(result.error.detail);
    process.stdout.write(`${JSON.stringify({ ...input.data, ...result.outcome.result })}\n`);
  } else {
    throw new UsageError(`unknown command: ${positionals.join(' ')}`);
  }
}

let code = 0;
try {
  await run(process.argv.slice(2));
} catch (err) {
  code = err instanceof UsageError ? 2 : 1;
  const hint = err instanceof UsageError ? ' (npm run rcpx -- --help lists the commands)' : '';
  process.stderr.write(`rcpx: ${oneLine(err)}${hint}\n`);
}
for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
process.exit(code);
