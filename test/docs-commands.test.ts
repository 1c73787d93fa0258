import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'tap';
import { spawnAllInOne } from '@rcpx/testing';

// Every `sh`/`bash` block of the README and the docs runs as written, in order per file, against
// a freshly started `npm start` (only `localhost:8080` is pointed at the test's port). A block
// that cannot run here says why in a `<!-- not run: … -->` comment on the line before it.

const run = promisify(execFile);
const ADMIN = 'docs-admin-token';
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

interface Block {
  line: number;
  code: string;
  notRun?: string;
}

/** The fenced `sh`/`bash` blocks of a Markdown text, indented ones (in list items) included. */
function shellBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(?:sh|bash)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) {
      body.push(lines[i]!.slice(Math.min(indent, lines[i]!.search(/\S|$/))));
    }
    let prev = start - 1;
    while (prev >= 0 && lines[prev]!.trim() === '') prev--;
    const notRun = /<!--\s*not run:\s*(.+?)\s*-->/.exec(lines[prev] ?? '')?.[1];
    blocks.push({ line: start + 1, code: body.join('\n'), notRun });
  }
  return blocks;
}

async function markdownFiles(): Promise<string[]> {
  const found = ['README.md'];
  for (const dir of ['docs', 'packages', 'services']) {
    const entries = await readdir(join(repoRoot, dir), { recursive: true });
    for (const e of entries) {
      if (e.endsWith('.md') && !e.includes('node_modules')) found.push(join(dir, e));
    }
  }
  return found.sort();
}

// curl as a careful reader uses it: an HTTP error fails the block, a hang is cut; a stream that
// the example ends on purpose (`--max-time`, or `| head` closing the pipe) is not a failure.
const PRELUDE = String.raw`set -euo pipefail
curl() {
  local status=0
  command curl --fail-with-body --max-time 15 "$@" || status=$?
  case "$status" in
    23) return 0 ;;
    28) for a in "$@"; do [[ "$a" == "-N" || "$a" == "--no-buffer" ]] && return 0; done; return 28 ;;
    *) return "$status" ;;
  esac
}
`;

const tools = ['bash', 'curl', 'jq'];
const missing = (
  await Promise.all(
    tools.map((tool) =>
      run('sh', ['-c', `command -v ${tool}`]).then(
        () => null,
        () => tool,
      ),
    ),
  )
).filter((tool) => tool !== null);
// CI installs them (.ci/run); elsewhere a missing tool skips the test and says which.
const skip =
  missing.length > 0 && !process.env.CI && `the docs' commands need ${missing.join(', ')}`;

test('every shell block of the README and the docs runs as written', { skip }, async (t) => {
  const files = await markdownFiles();
  const runnable = new Map<string, Block[]>();
  for (const file of files) {
    const blocks = shellBlocks(await readFile(join(repoRoot, file), 'utf8'));
    for (const b of blocks.filter((b) => b.notRun !== undefined)) {
      t.ok(b.notRun!.length > 10, `${file}:${b.line} says why it is not run`);
    }
    const run = blocks.filter((b) => b.notRun === undefined);
    if (run.length > 0) runnable.set(file, run);
  }
  t.ok(runnable.has('README.md') && runnable.has('docs/api.md'), 'the README and the API doc');

  const proc = await spawnAllInOne(t, { admin: ADMIN });
  const base = `127.0.0.1:${proc.port}`;

  const cwd = await mkdtemp(join(tmpdir(), 'rcpx-docs-'));
  t.teardown(() => rm(cwd, { recursive: true, force: true }));
  for (const [file, blocks] of runnable) {
    const script =
      PRELUDE +
      blocks
        .map(
          (b) =>
            `# ${file}:${b.line}\n${b.code.replaceAll(/(localhost|127\.0\.0\.1):8080/g, base)}`,
        )
        .join('\n');
    const result = await run('bash', ['-c', script], {
      cwd,
      env: { PATH: process.env.PATH, HOME: cwd, ADMIN },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    }).then(
      (r) => ({ ok: true, out: r.stdout + r.stderr }),
      (e: { stdout?: string; stderr?: string; code?: number }) => ({
        ok: false,
        out: `exit ${e.code}\n${e.stdout ?? ''}${e.stderr ?? ''}`,
      }),
    );
    t.ok(result.ok, `${file}: ${blocks.length} blocks run`, {
      diagnostic: !result.ok,
      output: result.out.slice(-4000),
    });
  }
});
