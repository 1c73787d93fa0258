import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import t from 'tap';

// The README promises a Node version (the root `engines`); every installed package must accept
// every Node version it allows, or `npm ci` warns EBADENGINE and the package may not work there.

const ROOT = join(import.meta.dirname, '..');
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as unknown;

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

const root = read('package.json') as { engines: { node: string } };
const lock = read('package-lock.json') as { packages: Record<string, LockEntry> };

t.test('the README and the root engines agree', async (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  t.ok(readme.includes(`\`${root.engines.node}\``), 'the README quotes the engines range');
  t.ok(semver.satisfies(process.version, root.engines.node), `${process.version} is supported`);
});

t.test(
  'every package in the lockfile accepts every Node version the project supports',
  async (t) => {
    const tooNew = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => {
        const range = (p.engines as { node: string }).node;
        return semver.validRange(range) !== null && !semver.subset(root.engines.node, range);
      })
      .map(([path, p]) => `${path}@${p.version}: node ${(p.engines as { node: string }).node}`);
    t.same(tooNew, [], `engines.node ${root.engines.node} fits every package`);
  },
);
