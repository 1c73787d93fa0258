import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import t from 'tap';
import { pgAnswers, startPostgres } from './index.ts';
import { blockedAt, postgresBinaries, postgresUser } from './postgres-binaries.ts';

// A checkout inside a directory only root may enter (a home dir, `mktemp -d`): as root,
// PostgreSQL runs as the postgres user, which could not even exec initdb from node_modules
// (`spawn … initdb EACCES`). This file puts the binaries in such a directory.
const isRoot = process.getuid?.() === 0;

t.test(
  'as root, binaries in a mode-700 directory are copied where the postgres user reaches them',
  { skip: isRoot ? false : 'only root runs PostgreSQL as another user (the postgres user)' },
  async (t) => {
    const packaged = await postgresBinaries();
    const privateDir = await mkdtemp(join(tmpdir(), 'rcpx-private-')); // mode 700, root's
    t.teardown(() => rm(privateDir, { recursive: true, force: true }));
    const native = join(privateDir, 'node_modules', 'native');
    await cp(packaged.dir, native, { recursive: true, verbatimSymlinks: true });

    t.equal(blockedAt(join(native, 'bin', 'initdb'), postgresUser()), privateDir, 'detected');

    const server = await startPostgres({ binaries: native });
    const copied = /binaries copied to (\S+):/.exec(server.note ?? '')?.[1];
    t.teardown(async () => {
      await server.dispose();
      if (copied) await rm(copied, { recursive: true, force: true });
    });
    t.ok(copied, `the note says where the binaries went: ${server.note}`);
    t.equal(dirname(copied ?? ''), tmpdir(), 'under the system temp dir');
    t.ok(await pgAnswers(server.url), 'initdb and postgres ran as the postgres user');
    await server.restart();
    t.ok(await pgAnswers(server.url), 'and restart from the copy');
  },
);

t.test(
  'as root, a data dir the postgres user cannot reach is refused with what to do',
  { skip: isRoot ? false : 'only root runs PostgreSQL as another user (the postgres user)' },
  async (t) => {
    const privateDir = await mkdtemp(join(tmpdir(), 'rcpx-private-'));
    t.teardown(() => rm(privateDir, { recursive: true, force: true }));
    await t.rejects(startPostgres({ dataDir: join(privateDir, 'pg') }), {
      message: new RegExp(`user cannot enter ${privateDir}: choose a data directory`),
    });
  },
);
