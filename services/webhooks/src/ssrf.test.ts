import { test } from 'tap';
import { waitFor } from '@rcpx/testing';
import { buildApp } from './app.ts';
import { checkTarget, isForbiddenAddress, parseAllowList } from './target-guard.ts';
import { startWebhookWorker } from './worker.ts';
import { appendPractice, harness, quietLogger, startReceiver, tokenFor } from './test-support.ts';
import { subscribe } from './test-subscriptions.ts';

test('address classification and the allow-list', async (t) => {
  for (const a of [
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
  ]) {
    t.ok(isForbiddenAddress(a), `${a} is refused`);
  }
  for (const a of ['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) {
    t.notOk(isForbiddenAddress(a), `${a} is public`);
  }
  const allow = parseAllowList(['127.0.0.1', 'localhost', '10.1.0.0/16', '*.internal.example']);
  t.ok(allow.allowsAddress('127.0.0.1'));
  t.ok(allow.allowsAddress('10.1.2.3'));
  t.notOk(allow.allowsAddress('10.2.0.1'));
  t.ok(allow.allowsHost('LOCALHOST'));
  t.ok(allow.allowsHost('hooks.internal.example'));
  t.notOk(allow.allowsHost('internal.example.org'));

  const none = parseAllowList([]);
  for (const url of [
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/hook',
    'http://127.0.0.1:9/hook',
    'http://localhost/hook',
    'http://[::ffff:127.0.0.1]/',
    'ftp://example.org/',
    'http://user:pw@example.org/',
  ]) {
    await t.rejects(checkTarget(url, none), { name: 'TargetRefusedError' }, `${url} refused`);
  }
  await t.resolves(checkTarget('http://127.0.0.1:9/hook', allow));
  await t.resolves(checkTarget('http://localhost:9/hook', allow));
});

test('the API refuses private targets; the worker re-checks at delivery', async (t) => {
  const { db, bus, appDeps } = await harness(t);
  const logger = quietLogger();
  const strict = { RCPX_WEBHOOK_ALLOW: [], RCPX_ADMIN_TOKEN: undefined, RCPX_READ_SCHEMA: 'rm' };
  const app = await buildApp({ config: strict, ...(await appDeps()), logger });
  t.teardown(() => app.close());
  const auth = { authorization: `Bearer ${await tokenFor(db, 'lima-process')}` };
  for (const url of [
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/hook',
    'http://127.0.0.1/hook',
  ]) {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: auth,
      payload: { url },
    });
    t.equal(r.statusCode, 400, `${url} → 400`);
    t.equal(r.json().errors[0].path, 'body.url');
  }
  const bad = await app.inject({
    method: 'POST',
    url: '/v1/subscriptions',
    headers: auth,
    payload: { url: 'not a url', themes: ['no-such-theme'] },
  });
  t.equal(bad.statusCode, 400);

  // Made while loopback was allowed, delivered by a worker that no longer allows it (as if DNS
  // had changed): the receiver is never contacted and the log says why.
  const receiver = await startReceiver(t);
  const lenient = await buildApp({
    config: { ...strict, RCPX_WEBHOOK_ALLOW: ['127.0.0.1'] },
    ...(await appDeps()),
    logger,
  });
  t.teardown(() => lenient.close());
  const sub = await subscribe(lenient, auth, { url: receiver.url });
  const patched = await app.inject({
    method: 'PATCH',
    url: `/v1/subscriptions/${sub.id}`,
    headers: auth,
    payload: { url: 'http://169.254.169.254/' },
  });
  t.equal(patched.statusCode, 400, 'PATCH checks the new target too');

  const worker = startWebhookWorker({
    db,
    bus,
    logger,
    config: { RCPX_WEBHOOK_ALLOW: [], RCPX_WEBHOOK_POLL_MS: 20, RCPX_WEBHOOK_BACKOFF_MS: 20 },
  });
  t.teardown(() => worker.close());
  await appendPractice(bus, { participant: 'lima-process' });
  const entry = await waitFor(
    async () => {
      const r = await app.inject({ url: `/v1/subscriptions/${sub.id}/deliveries`, headers: auth });
      const e = r.json().items[0];
      return e && e.attempts > 0 ? e : null;
    },
    { timeoutMs: 10_000 },
  );
  t.equal(entry.status, 'pending');
  t.match(entry.error, /non-public/);
  t.equal(receiver.received.length, 0, 'the receiver was never contacted');
});

test('every IPv6 embedding of a non-public IPv4 address is refused', async (t) => {
  // 127.0.0.1, 10.0.0.1 and 169.254.169.254 in each embedding an IPv6 address can carry.
  const embeddings: Record<string, (v4: [number, number, number, number]) => string[]> = {
    'IPv4-mapped ::ffff:0:0/96': ([a, b, c, d]) => [
      `::ffff:${a}.${b}.${c}.${d}`,
      `::ffff:${hex(a, b)}:${hex(c, d)}`,
      `0:0:0:0:0:ffff:${hex(a, b)}:${hex(c, d)}`,
    ],
    'IPv4-translated ::ffff:0:0:0/96': ([a, b, c, d]) => [
      `::ffff:0:${a}.${b}.${c}.${d}`,
      `::ffff:0:${hex(a, b)}:${hex(c, d)}`,
    ],
    'IPv4-compatible ::/96': ([a, b, c, d]) => [
      `::${a}.${b}.${c}.${d}`,
      `::${hex(a, b)}:${hex(c, d)}`,
    ],
    'NAT64 64:ff9b::/96': ([a, b, c, d]) => [
      `64:ff9b::${a}.${b}.${c}.${d}`,
      `64:ff9b::${hex(a, b)}:${hex(c, d)}`,
    ],
    // RFC 6052 with a /48 prefix: a.b in bits 48–63, then the zero u-octet, then c.d.
    'local NAT64 64:ff9b:1::/48': ([a, b, c, d]) => [
      `64:ff9b:1:${hex(a, b)}:${hex(0, c)}:${hex(d, 0)}::`,
      `64:ff9b:1::${hex(a, b)}:${hex(c, d)}`,
    ],
    '6to4 2002::/16': ([a, b, c, d]) => [`2002:${hex(a, b)}:${hex(c, d)}::1`],
    // Teredo: the server in bits 32–63, the client (bit-inverted) in the last 32 bits.
    'Teredo 2001::/32': ([a, b, c, d]) => [
      `2001:0:${hex(a, b)}:${hex(c, d)}::`,
      `2001:0:4136:e378:8000:63bf:${hex(a ^ 255, b ^ 255)}:${hex(c ^ 255, d ^ 255)}`,
    ],
  };
  const none = parseAllowList([]);
  for (const [name, forms] of Object.entries(embeddings)) {
    for (const v4 of [
      [127, 0, 0, 1],
      [10, 0, 0, 1],
      [169, 254, 169, 254],
      [192, 168, 1, 1],
    ] as const) {
      for (const a of forms([...v4])) {
        t.ok(isForbiddenAddress(a), `${name}: ${a} (${v4.join('.')}) is refused`);
        await t.rejects(
          checkTarget(`http://[${a}]/`, none),
          { name: 'TargetRefusedError' },
          `${name}: http://[${a}]/ refused`,
        );
      }
    }
  }
  // Outside global unicast, and the special blocks inside it, whatever follows the prefix.
  for (const a of [
    '::ffff:0:0:7f00:1',
    '::1:7f00:1',
    '100::1',
    '2001:2::1',
    '3fff::1',
    'fec0::1',
  ]) {
    t.ok(isForbiddenAddress(a), `${a} is refused`);
  }
  // The forms that stand for the IPv4 host itself follow it, for the allow-list too.
  for (const a of ['::ffff:8.8.8.8', '::ffff:0:808:808', '::ffff:0:8.8.8.8']) {
    t.notOk(isForbiddenAddress(a), `${a} is public`);
  }
  const loopback = parseAllowList(['127.0.0.1']);
  for (const a of ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:0:7f00:1']) {
    t.ok(loopback.allowsAddress(a), `${a} is allowed with 127.0.0.1`);
    await t.resolves(checkTarget(`http://[${a}]:9/`, loopback));
  }
  t.notOk(loopback.allowsAddress('::ffff:0:7f00:2'));

  // Through the API, under default settings.
  const { db, appDeps } = await harness(t);
  const app = await buildApp({
    config: { RCPX_WEBHOOK_ALLOW: [], RCPX_ADMIN_TOKEN: undefined, RCPX_READ_SCHEMA: 'rm' },
    ...(await appDeps()),
    logger: quietLogger(),
  });
  t.teardown(() => app.close());
  const auth = { authorization: `Bearer ${await tokenFor(db, 'lima-process')}` };
  for (const url of [
    'http://[::ffff:0:7f00:1]/',
    'http://[::ffff:0:a9fe:a9fe]/latest/meta-data/',
  ]) {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/subscriptions',
      headers: auth,
      payload: { url },
    });
    t.equal(r.statusCode, 400, `${url} → 400`);
  }
});

function hex(hi: number, lo: number): string {
  return ((hi << 8) | lo).toString(16);
}
