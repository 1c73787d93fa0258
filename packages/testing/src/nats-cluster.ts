import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  natsServerBinary,
  startNatsServer,
  type NatsServerHandle,
} from '@rcpx/local-infra';
import { repoRoot } from './paths.ts';

/** A 3-node JetStream cluster on loopback, made from the committed `infra/nats-cluster` configs. */
export interface NatsCluster {
  /** The three nodes, in order (node-1 … node-3); each can be killed and restarted. */
  readonly nodes: readonly NatsServerHandle[];
  /** `nats://127.0.0.1:<p1>,nats://127.0.0.1:<p2>,nats://127.0.0.1:<p3>` — for `NATS_URL`. */
  readonly url: string;
  /** Stops every node and removes the configs and store dirs. */
  dispose(): Promise<void>;
}

export interface StartNatsClusterOptions {
  /** Receives every log line of node `i` (0-based). */
  onLog?: (node: number, line: string) => void;
}

const NODES = 3;

/** `[major, minor]` of the nats-server binary. */
function serverVersion(binary: string): [number, number] {
  const out = execFileSync(binary, ['--version'], { encoding: 'utf8' });
  const m = /v?(\d+)\.(\d+)/.exec(out);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/**
 * The committed config of node `n` (1-based) rewritten for loopback: the client, monitoring and
 * route ports are free ones, the routes `127.0.0.1:<port>`, no store dir (given on the command
 * line). The
 * `sync_interval` setting is dropped on a nats-server older than 2.10, which rejects it.
 */
export function loopbackNodeConfig(
  n: number,
  ports: { client: number; http: number; routes: readonly number[] },
  version: [number, number],
): string {
  const template = readFileSync(join(repoRoot, 'infra/nats-cluster', `node-${n}.conf`), 'utf8');
  const route = ports.routes[n - 1]!;
  let conf = template
    .replace(/^listen: .*$/m, `listen: 127.0.0.1:${ports.client}`)
    .replace(/^http: .*$/m, `http: 127.0.0.1:${ports.http}`)
    .replace(/^\s*store_dir: .*$/m, '') // startNatsServer passes it: `-sd <storeDir>`
    .replace(/^(\s*)listen: 0\.0\.0\.0:6222$/m, `$1listen: 127.0.0.1:${route}`)
    .replace(/nats-route:\/\/nats-(\d):6222/g, (_, i: string) => {
      return `nats-route://127.0.0.1:${ports.routes[Number(i) - 1]!}`;
    });
  const [major, minor] = version;
  if (major < 2 || (major === 2 && minor < 10)) conf = conf.replace(/^\s*sync_interval:.*$/m, '');
  const settings = conf.replace(/#.*$/gm, '');
  for (const leftover of ['0.0.0.0', '://nats-', '"/data"']) {
    if (settings.includes(leftover))
      throw new Error(`node-${n}.conf: cannot rewrite "${leftover}"`);
  }
  return conf;
}

/**
 * Starts the 3-node cluster of `infra/nats-cluster` on loopback with free ports and temp store
 * dirs, and resolves once every node accepts clients and the cluster has a JetStream meta leader.
 */
export async function startNatsCluster(opts: StartNatsClusterOptions = {}): Promise<NatsCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'rcpx-nats-cluster-'));
  const version = serverVersion(natsServerBinary());
  const ports = await distinctPorts(NODES * 3);
  const routes = ports.slice(NODES * 2);
  const nodes: NatsServerHandle[] = [];
  const dispose = async () => {
    await Promise.allSettled(nodes.map((n) => n.dispose()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const starting = Array.from({ length: NODES }, async (_, i) => {
      const storeDir = join(dir, `node-${i + 1}`);
      const confPath = join(dir, `node-${i + 1}.conf`);
      const client = ports[i]!;
      const http = ports[NODES + i]!;
      await writeFile(confPath, loopbackNodeConfig(i + 1, { client, http, routes }, version));
      return startNatsServer({
        port: client,
        storeDir,
        args: ['-c', confPath],
        ...(opts.onLog ? { onLog: (line: string) => opts.onLog!(i, line) } : {}),
      });
    });
    // nodes are started together: each waits for its peers' routes to elect a meta leader
    const failures: unknown[] = [];
    for (const r of await Promise.allSettled(starting)) {
      if (r.status === 'fulfilled') nodes.push(r.value);
      else failures.push(r.reason);
    }
    if (failures.length > 0) {
      throw new Error(`a node of the NATS cluster did not start: ${String(failures[0])}`, {
        cause: failures[0],
      });
    }
    const monitor = ports.slice(NODES, NODES * 2);
    await waitForMetaLeader(monitor);
  } catch (err) {
    await dispose();
    throw err;
  }
  return { nodes, url: nodes.map((n) => n.url).join(','), dispose };
}

async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** Polls each node's `/jsz` until every node names the same meta leader (≤ 30 s). */
async function waitForMetaLeader(monitorPorts: number[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const leaders = await Promise.all(
      monitorPorts.map(async (p) => {
        const res = await fetch(`http://127.0.0.1:${p}/jsz`).catch(() => null);
        if (!res?.ok) return undefined;
        const body = (await res.json()) as { meta_cluster?: { leader?: string } };
        return body.meta_cluster?.leader;
      }),
    );
    if (leaders[0] && leaders.every((l) => l === leaders[0])) return;
    if (Date.now() > deadline)
      throw new Error(`NATS cluster has no meta leader: ${leaders.join()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
