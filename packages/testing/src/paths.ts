import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Absolute path of the repository root (where `package.json` and `.taprc` live). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** `var/` at the repository root: scratch data of local servers (git-ignored). */
export const varDir = join(repoRoot, 'var');

/** Where the tap global setup publishes the servers it started for the whole run. */
export const infraFilePath = join(varDir, 'test-infra.json');

/** Data directories of servers started by the harness. */
export const infraDataDir = join(varDir, 'test-infra');

/** The standard local services probed when no environment variable is set. */
export const STANDARD_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const STANDARD_NATS_URL = 'nats://127.0.0.1:4222';
