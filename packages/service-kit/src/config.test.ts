import t from 'tap';
import { z } from 'zod';
import { BaseConfig, ConfigError, loadConfig } from './index.ts';

t.test('defaults per the contract', async (t) => {
  const c = loadConfig(BaseConfig, {});
  t.same(c, {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rcpx',
    NATS_URL: 'nats://127.0.0.1:4222',
    HOST: '127.0.0.1',
    PORT: 8080,
    LOG_LEVEL: 'info',
    RCPX_WEBHOOK_ALLOW: [],
    RCPX_CORS_ORIGINS: [],
    RCPX_STREAM: 'RCPX',
    RCPX_SUBJECT_PREFIX: 'rcpx',
    RCPX_READ_SCHEMA: 'rm',
    RCPX_RATE_LIMIT: 6000,
    RCPX_STREAM_REPLICAS: 1,
    RCPX_AUTH_FAILURES: 20,
    RCPX_AUTH_FAILURE_WINDOW_MS: 60_000,
    RCPX_AUTH_BAD_TTL_MS: 30_000,
    RCPX_AUTH_CACHE_SIZE: 10_000,
    RCPX_HTTP_IDLE_TIMEOUT_MS: 10_000,
  });
  t.ok(Object.isFrozen(c));
  t.ok(Object.isFrozen(c.RCPX_WEBHOOK_ALLOW));
  t.throws(() => {
    (c as { PORT: number }).PORT = 1;
  });
});

t.test('values are parsed; empty strings count as unset', async (t) => {
  const c = loadConfig(BaseConfig, {
    PORT: '9090',
    HOST: '0.0.0.0',
    RCPX_ADMIN_TOKEN: 's3cret-admin-token',
    RCPX_WEBHOOK_ALLOW: ' 10.0.0.0/8, hooks.example.org ,,',
    LOG_LEVEL: '',
    NATS_URL: 'nats://a:4222,nats://b:4222',
  });
  t.equal(c.PORT, 9090);
  t.equal(c.HOST, '0.0.0.0');
  t.equal(c.RCPX_ADMIN_TOKEN, 's3cret-admin-token');
  t.same(c.RCPX_WEBHOOK_ALLOW, ['10.0.0.0/8', 'hooks.example.org']);
  t.equal(c.LOG_LEVEL, 'info');
  t.equal(loadConfig(BaseConfig, { RCPX_ADMIN_TOKEN: '' }).RCPX_ADMIN_TOKEN, undefined);
});

t.test('RCPX_CORS_ORIGINS: browser origins, or * alone', async (t) => {
  const c = loadConfig(BaseConfig, {
    RCPX_CORS_ORIGINS: ' https://bali.example.org, http://localhost:5173/ ,,',
  });
  t.same(c.RCPX_CORS_ORIGINS, ['https://bali.example.org', 'http://localhost:5173']);
  t.ok(Object.isFrozen(c.RCPX_CORS_ORIGINS));
  t.same(loadConfig(BaseConfig, { RCPX_CORS_ORIGINS: '*' }).RCPX_CORS_ORIGINS, ['*']);
  for (const bad of [
    'bali.example.org',
    'https://bali.example.org/app',
    'ftp://bali.example.org',
    'null',
    '*,https://bali.example.org',
  ]) {
    t.throws(
      () => loadConfig(BaseConfig, { RCPX_CORS_ORIGINS: bad }),
      /RCPX_CORS_ORIGINS: must be/,
      bad,
    );
  }
});

t.test('every bad variable is listed in a readable message', async (t) => {
  let err: unknown;
  try {
    loadConfig(BaseConfig, {
      PORT: '70000',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://localhost/x',
      RCPX_STREAM: 'has.dots',
      RCPX_READ_SCHEMA: 'Drop Table',
    });
  } catch (e) {
    err = e;
  }
  t.ok(err instanceof ConfigError);
  const e = err as ConfigError;
  t.match(e.message, /PORT: must be ≤ 65535/);
  t.match(e.message, /LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/);
  t.match(e.message, /DATABASE_URL: must be a URL/);
  t.match(e.message, /RCPX_STREAM: /);
  t.match(e.message, /RCPX_READ_SCHEMA: /);
  t.same(e.issues.map((i) => i.variable).sort(), [
    'DATABASE_URL',
    'LOG_LEVEL',
    'PORT',
    'RCPX_READ_SCHEMA',
    'RCPX_STREAM',
  ]);
  t.throws(() => loadConfig(BaseConfig, { PORT: 'eighty' }), { message: /PORT: must be a number/ });
});

t.test('services extend the base schema', async (t) => {
  const Config = BaseConfig.extend({ BATCH: z.coerce.number().int().min(1).default(1000) });
  t.equal(loadConfig(Config, {}).BATCH, 1000);
  t.throws(() => loadConfig(Config, { BATCH: '0' }), ConfigError);
});
