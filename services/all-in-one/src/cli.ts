import { parseArgs } from 'node:util';
import { generateToken, hashToken, insertToken, revokeToken } from '@rcpx/db';
import { TokenCreateBody } from '@rcpx/contracts';
import { rebuildReadModels } from '@rcpx/projector';
import { BaseConfig, createLogger, loadConfig, openDbAndBus } from '@rcpx/service-kit';
import { resolveLocalInfra } from './local-infra.ts';

const USAGE = `usage: npm run rcpx -- <command>

  tokens create --participant <slug> --role publisher|reader [--label <text>]
                         mint a token (printed once; only its SHA-256 hash is stored)
  tokens revoke <id>     revoke a token
  tokens list            list tokens (never the tokens themselves)
  projections rebuild    replay the whole log into fresh read models and swap them in

Uses DATABASE_URL / NATS_URL like npm start (the local servers, else those npm start runs).`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    participant: { type: 'string' },
    role: { type: 'string' },
    label: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
const [group, command, arg] = positionals;
if (values.help || !group) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const infra = await resolveLocalInfra(process.env);
const config = loadConfig(BaseConfig, {
  ...process.env,
  DATABASE_URL: infra.databaseUrl,
  NATS_URL: infra.natsUrl,
});
const logger = createLogger({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const { db, bus } = await openDbAndBus(config, logger, 'rcpx-cli');

try {
  if (group === 'tokens' && command === 'create') {
    const parsed = TokenCreateBody.safeParse({
      participant: values.participant,
      role: values.role,
      ...(values.label ? { label: values.label } : {}),
    });
    if (!parsed.success) {
      fail(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    }
    const token = generateToken();
    const row = await insertToken(db, { ...parsed.data, hash: hashToken(token) });
    process.stdout.write(
      `${JSON.stringify({ id: row.id, participant: row.participant, role: row.role, token })}\n`,
    );
  } else if (group === 'tokens' && command === 'revoke') {
    if (!arg) fail('tokens revoke needs the token id');
    if (!(await revokeToken(db, arg).catch(() => false))) fail(`no live token with id ${arg}`);
    process.stdout.write(`revoked ${arg}\n`);
  } else if (group === 'tokens' && command === 'list') {
    const rows = await db
      .selectFrom('tokens')
      .select(['id', 'participant', 'role', 'label', 'created_at', 'revoked_at'])
      .orderBy('created_at')
      .execute();
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
  } else if (group === 'projections' && command === 'rebuild') {
    const started = Date.now();
    const result = await rebuildReadModels({ db, bus, schema: config.RCPX_READ_SCHEMA, logger });
    process.stdout.write(
      `rebuilt ${config.RCPX_READ_SCHEMA}: ${result.events} events replayed, checkpoint ${result.checkpoint}, ${Date.now() - started} ms\n`,
    );
  } else {
    fail(`unknown command: ${positionals.join(' ')}`);
  }
} finally {
  await bus.close();
  await db.destroy();
  await infra.stop();
}
