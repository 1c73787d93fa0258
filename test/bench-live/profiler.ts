import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

// IPC commands recording a CPU profile of this process (the V8 sampling profiler that
// `node --cpu-prof` uses, limited to the phases the benchmark chooses).

let session: Session | undefined;

export const profilerCommands = {
  async profileStart(): Promise<boolean> {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    return true;
  },
  /** Writes `<dir>/<name>.cpuprofile`; returns its path. */
  async profileStop({ dir, name }: { dir: string; name: string }): Promise<string | null> {
    if (!session) return null;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    session = undefined;
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    return file;
  },
};
