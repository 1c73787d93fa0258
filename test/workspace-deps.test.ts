import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import t from 'tap';

// Every workspace declares the workspaces it imports: in `dependencies` when its code imports
// them, in `devDependencies` when only its tests and their support files do. The graph then
// reads from the package.json files, and npm orders and checks it.

const ROOT = join(import.meta.dirname, '..');

interface Workspace {
  dir: string;
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  private?: boolean;
}

function workspaces(): Workspace[] {
  return ['packages', 'services'].flatMap((group) =>
    readdirSync(join(ROOT, group)).map((d) => {
      const dir = join(ROOT, group, d);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Workspace;
      return {
        ...pkg,
        dir,
        dependencies: pkg.dependencies ?? {},
        devDependencies: pkg.devDependencies ?? {},
      };
    }),
  );
}

/**
 * Tests and the files only they use (`test-*.ts`, `*-support.ts`; in `@rcpx/testing`, whose code
 * is all for tests, only its own tests).
 */
const isTestFile = (ws: Workspace, file: string) => {
  const b = basename(file);
  if (b.endsWith('.test.ts')) return true;
  return ws.name !== '@rcpx/testing' && (b.startsWith('test-') || b.endsWith('-support.ts'));
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

const IMPORT = /\b(?:import|export)\s+(type\s+)?[^;]*?from '(@rcpx\/[a-z-]+)'/g;

for (const ws of workspaces()) {
  t.test(ws.name, async (t) => {
    const runtime = new Set<string>();
    const testOnly = new Set<string>();
    for (const file of sourceFiles(join(ws.dir, 'src'))) {
      for (const [, typeOnly, name] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        if (name === ws.name) continue;
        // a published workspace (not private) inlines the types it imports into its build
        const inlined = typeOnly !== undefined && ws.private !== true;
        (isTestFile(ws, file) || inlined ? testOnly : runtime).add(name!);
      }
    }
    for (const name of runtime) {
      t.ok(name in ws.dependencies, `${name} in dependencies`);
    }
    for (const name of testOnly) {
      if (runtime.has(name)) continue;
      t.ok(name in ws.devDependencies, `${name} in devDependencies (tests only)`);
    }
    for (const name of Object.keys(ws.dependencies).filter((n) => n.startsWith('@rcpx/'))) {
      t.ok(runtime.has(name), `${name} declared and imported by the code`);
    }
  });
}
