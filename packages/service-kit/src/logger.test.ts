import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import t from 'tap';
import { createApp, createLogger, redactUrl } from './index.ts';

// Secrets never reach the logs: captured log output of real requests is searched for them.

const token = `rcpx_${randomBytes(32).toString('base64url')}`;
const feedKey = `rcpxfeed_${randomBytes(24).toString('base64url')}`;
const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { logger: createLogger({ LOG_LEVEL: 'debug' }, stream), lines };
}

t.test('secret query parameters and headers are redacted from request logs', async (t) => {
  const { logger, lines } = capture();
  const app = createApp({ logger });
  t.teardown(() => app.close());
  app.get('/v1/feeds/themes/:theme', async (request) => {
    // a handler that logs what it was given, as one might while debugging
    request.log.info({ headers: request.headers, query: request.query }, 'feed asked');
    return { ok: true };
  });
  app.get('/v1/fail', async (request) => {
    request.log.warn({ subscription: { secret: webhookSecret } }, 'rotating');
    throw new Error(`could not deliver with ${webhookSecret} for ${token}`);
  });

  const urls = [
    `/v1/feeds/themes/trafficking.atom?key=${feedKey}&lang=fr`,
    `/v1/feeds/themes/trafficking.atom?token=plain-secret-1`,
    `/v1/feeds/themes/trafficking.atom?access_token=plain-secret-2`,
    `/v1/feeds/themes/${token}`,
  ];
  for (const url of urls) {
    const res = await app.inject({
      url,
      headers: {
        authorization: `Bearer ${token}`,
        cookie: 'rcpx_session=plain-secret-3',
        'x-api-key': 'plain-secret-4',
      },
    });
    t.equal(res.statusCode, 200);
  }
  const failed = await app.inject({ url: '/v1/fail' });
  t.equal(failed.statusCode, 500);

  const all = lines.join('');
  t.match(all, /trafficking\.atom\?key=\[REDACTED\]&lang=fr/, 'the request URL is logged');
  for (const secret of [
    token,
    feedKey,
    webhookSecret,
    'plain-secret-1',
    'plain-secret-2',
    'plain-secret-3',
    'plain-secret-4',
  ]) {
    t.notOk(all.includes(secret), `${secret.slice(0, 16)}… is not in the logs`);
  }
  t.ok(
    lines.every((l) => JSON.parse(l)),
    'every line is still JSON',
  );
});

t.test('redactUrl', async (t) => {
  t.equal(
    redactUrl('/a?key=1&b=2'),
    '/a?key=%5BREDACTED%5D&b=2'.replace('%5BREDACTED%5D', '[REDACTED]'),
  );
  t.equal(redactUrl('/a?b=2'), '/a?b=2');
  t.equal(redactUrl('/a?Access_Token=x&Key=y'), '/a?Access_Token=[REDACTED]&Key=[REDACTED]');
  t.equal(redactUrl(`/a/${feedKey}`), '/a/[REDACTED]');
  t.equal(
    redactUrl('/metrics?name=rcpx_projector_events_applied_total'),
    '/metrics?name=rcpx_projector_events_applied_total',
  );
});
