import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateToken } from '@rcpx/db';

/** The admin token of `npm start` and where it comes from. */
export interface AdminToken {
  token: string;
  /** Where it is kept: `RCPX_ADMIN_TOKEN`, or the file rcpx generated it into. */
  source: string;
  /** True when rcpx generated it (now or on an earlier start), false when it was supplied. */
  generated: boolean;
}

/**
 * The admin token of `npm start`: RCPX_ADMIN_TOKEN when set; otherwise one generated on the
 * first start and kept in `file` (mode 600) so it survives restarts.
 */
export function resolveAdminToken(configured: string | undefined, file: string): AdminToken {
  if (configured) return { token: configured, source: 'RCPX_ADMIN_TOKEN', generated: false };
  if (existsSync(file)) {
    return { token: readFileSync(file, 'utf8').trim(), source: file, generated: true };
  }
  mkdirSync(dirname(file), { recursive: true });
  const token = generateToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, source: `${file} (generated)`, generated: true };
}

/** The banner's line: the token itself only when rcpx generated it (a supplied one is known). */
export function adminTokenLine(admin: AdminToken): string {
  return admin.generated
    ? `admin token (${admin.source}): ${admin.token}`
    : `admin token: the one in ${admin.source} (not shown)`;
}
