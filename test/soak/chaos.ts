import type { NatsServerHandle } from '@rcpx/testing';
import { waitFor } from '@rcpx/testing';
import type { RcpxInstance } from '../faults/support/instance.ts';

/** A process the soak kills -9 and restarts. */
export interface Component {
  readonly name: string;
  pid(): number | undefined;
  kill(): Promise<void>;
  restart(): Promise<void>;
  restarts: number;
}

/** One kill: what died, when (s into the run), and what the clients saw. */
export interface Kill {
  component: string;
  atS: number;
  /** When the projector's leader was killed: ms until the other instance led. */
  failoverMs?: number;
  /** ms from the kill until the component was back (restarted and ready). */
  downMs: number;
}

export function natsComponent(
  name: string,
  node: NatsServerHandle,
  caughtUp: () => Promise<boolean>,
): Component {
  return {
    name,
    pid: () => node.pid,
    kill: () => node.kill(),
    async restart() {
      await node.restart();
      // the next kill must find all three nodes holding the log, or it could take the quorum
      await waitFor(caughtUp, { timeoutMs: 60_000, message: `${name} did not catch up` });
    },
    restarts: 0,
  };
}

export function rcpxComponent(instance: RcpxInstance): Component {
  return {
    name: instance.name,
    pid: () => instance.pid,
    kill: () => instance.kill(),
    restart: () => instance.start(),
    restarts: 0,
  };
}

export interface ChaosOptions {
  components: readonly Component[];
  instances: readonly RcpxInstance[];
  everyMs: number;
  downMs: number;
  random: () => number;
  /** ms since the start of the run. */
  clock: () => number;
  log: (line: string) => void;
}

/** Kills a random component every `everyMs`, restarts it after `downMs`; `stop` ends the loop. */
export function startChaos(opts: ChaosOptions): { kills: Kill[]; stop(): Promise<void> } {
  const kills: Kill[] = [];
  const stopping = new AbortController();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), {
        once: true,
      });
    });
  const running = (async () => {
    for (;;) {
      await pause(opts.everyMs);
      if (stopping.signal.aborted) return;
      const victim = opts.components[Math.floor(opts.random() * opts.components.length)]!;
      const leader = await leadingInstance(opts.instances);
      const wasLeader = leader !== undefined && leader.name === victim.name;
      const killedAt = performance.now();
      const atS = opts.clock() / 1000;
      await victim.kill();
      opts.log(`kill -9 ${victim.name}${wasLeader ? ' (the projector leader)' : ''}`);
      const kill: Kill = { component: victim.name, atS, downMs: 0 };
      if (wasLeader) {
        const other = opts.instances.find((i) => i.name !== victim.name)!;
        await waitFor(() => other.leading(), { timeoutMs: 60_000, intervalMs: 20 });
        kill.failoverMs = performance.now() - killedAt;
      }
      await new Promise((r) => setTimeout(r, opts.downMs));
      await victim.restart();
      victim.restarts++;
      kill.downMs = performance.now() - killedAt;
      kills.push(kill);
      opts.log(`${victim.name} back after ${(kill.downMs / 1000).toFixed(1)} s`);
    }
  })();
  return {
    kills,
    async stop() {
      stopping.abort();
      await running;
    },
  };
}

async function leadingInstance(instances: readonly RcpxInstance[]) {
  for (const i of instances) if (await i.leading()) return i;
  return undefined;
}
