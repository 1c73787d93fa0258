import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateToken } from '@rcpx/db';

/**
 * The admin token of `npm start`: RCPX_ADMIN_TOKEN when set; otherwise one generated on the
 * first start and kept in `file` (mode 600) so it survives restarts.
 */
export function resolveAdminToken(
  configured: string | undefined,
  file: string,
): { token: string; source: string } {
  if (configured) return { token: configured, source: 'RCPX_ADMIN_TOKEN' };
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), source: file };
  mkdirSync(dirname(file), { recursive: true });
  const token = generateToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, source: `${file} (generated)` };
}
