import { connect as tcpConnect } from 'node:net';
import pg from 'pg';

/** True when a Postgres server at `url` accepts a connection and answers `select 1`. */
export async function pgAnswers(url: string, timeoutMs = 2_000): Promise<boolean> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Host and port of the first server in a NATS URL list (`nats://h:p,nats://h2:p2`, `h:p`). */
export function natsHostPort(url: string): { host: string; port: number } {
  const first = (url.split(',')[0] ?? '').trim();
  const parsed = new URL(first.includes('://') ? first : `nats://${first}`);
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 4222) };
}

/** True when a NATS server at `url` accepts a TCP connection and greets with `INFO`. */
export function natsAnswers(url: string, timeoutMs = 2_000): Promise<boolean> {
  let target: { host: string; port: number };
  try {
    target = natsHostPort(url);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const socket = tcpConnect(target);
    let seen = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1');
      if (seen.length >= 5) done(seen.startsWith('INFO '));
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}
