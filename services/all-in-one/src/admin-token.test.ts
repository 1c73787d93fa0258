import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { adminTokenLine, resolveAdminToken } from './admin-token.ts';

t.test('a supplied RCPX_ADMIN_TOKEN is used and never printed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rcpx-admin-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const admin = resolveAdminToken('supplied-secret-token', join(dir, 'admin-token'));
  t.equal(admin.token, 'supplied-secret-token');
  t.notMatch(adminTokenLine(admin), 'supplied-secret-token');
  t.match(adminTokenLine(admin), /RCPX_ADMIN_TOKEN \(not shown\)/);
});

t.test('a generated token is kept, and printed on every start', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rcpx-admin-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'admin-token');
  const first = resolveAdminToken(undefined, file);
  t.equal((await readFile(file, 'utf8')).trim(), first.token, 'kept in the file');
  t.match(adminTokenLine(first), `${file} (generated)): ${first.token}`);
  const again = resolveAdminToken(undefined, file);
  t.equal(again.token, first.token, 'the same token on the next start');
  t.match(adminTokenLine(again), `(${file}): ${first.token}`);
});
