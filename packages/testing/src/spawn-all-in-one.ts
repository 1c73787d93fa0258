import { freePort, waitFor } from '@rcpx/local-infra';
import { npmStartNodeFlags, spawnService, type ServiceProcess } from './spawn-service.ts';
import { serviceEnv } from './test-deps.ts';
import { createTestEnv, type TeardownHost, type TestEnv } from './test-env.ts';

export interface SpawnAllInOneOptions {
  /** The admin token (RCPX_ADMIN_TOKEN; default a fixed test one). */
  admin?: string;
  /** More variables (over the test environment's, the port and LOG_LEVEL=warn). */
  env?: Record<string, string | undefined>;
  /** Command-line arguments (e.g. `['--demo']`). */
  args?: string[];
  /** The database and stream to run on (default a fresh one of `t`). */
  testEnv?: TestEnv;
}

/** `npm start` running in a child process. */
export interface AllInOneProcess extends ServiceProcess {
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  port: number;
  admin: string;
  testEnv: TestEnv;
  /** Every line it wrote so far. */
  lines: string[];
  /** A new token of `participant` (publisher unless said otherwise), by the admin API. */
  mint(participant: string, role?: 'reader' | 'publisher'): Promise<string>;
}

/**
 * Starts the all-in-one entry (`services/all-in-one/src/main.ts`, what `npm start` runs, with its
 * Node flags) on a free port and its own database and stream, and resolves once it says it is
 * up. It is killed at `t`'s teardown.
 */
export async function spawnAllInOne(
  t: TeardownHost,
  options: SpawnAllInOneOptions = {},
): Promise<AllInOneProcess> {
  const testEnv = options.testEnv ?? (await createTestEnv(t));
  const admin = options.admin ?? 'spawned-all-in-one-admin-token';
  const port = await freePort();
  const lines: string[] = [];
  const proc = spawnService(
    'services/all-in-one/src/main.ts',
    {
      ...serviceEnv(testEnv),
      RCPX_ADMIN_TOKEN: admin,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    {
      onLine: (l) => lines.push(l),
      nodeArgs: npmStartNodeFlags(),
      ...(options.args ? { args: options.args } : {}),
    },
  );
  t.teardown(() => proc.kill('SIGKILL'));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(() => lines.some((l) => l.includes('rcpx is up')), {
    timeoutMs: 180_000, // a start under a busy machine (tsx compiles every service)
    message: `npm start did not come up:\n${proc.output()}`,
  });
  const mint = async (participant: string, role: 'reader' | 'publisher' = 'publisher') => {
    const res = await fetch(`${baseUrl}/v1/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ participant, role }),
    });
    if (res.status !== 201)
      throw new Error(`mint ${participant}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  return { ...proc, baseUrl, port, admin, testEnv, lines, mint };
}
