import { rng } from '@rcpx/testing';
import t from 'tap';
import { ANONYMOUS, THEMES } from '@rcpx/contracts';
import { LiveFilter } from './live-filter.ts';
import { testFrame } from './test-frame.ts';

const frame = (themes: string[]) => testFrame(1, { themes });

t.test('theme matching: any shared theme, taxonomy or not', async (t) => {
  // Every taxonomy theme (each has its own bit) plus slugs outside the taxonomy (the filter
  // then compares strings) — the outcome must be the plain rule either way.
  const pool = [...THEMES.map((theme) => theme.slug), 'not-a-theme', 'another-one'];
  const rand = rng(7);
  const pick = (max: number) =>
    Array.from(
      { length: Math.floor(rand() * (max + 1)) },
      () => pool[Math.floor(rand() * pool.length)]!,
    );
  let checked = 0;
  let matched = 0;
  for (let i = 0; i < 20_000; i++) {
    const wanted = pick(4);
    const themes = pick(3);
    const expected = wanted.length === 0 || themes.some((theme) => wanted.includes(theme));
    const actual = new LiveFilter(ANONYMOUS, { themes: wanted }).matches(frame(themes));
    if (actual !== expected) {
      t.fail(`themes=${wanted.join(',')} vs event ${themes.join(',')}: ${actual}`);
      return;
    }
    checked++;
    if (expected) matched++;
  }
  t.equal(checked, 20_000);
  t.ok(matched > 1_000 && matched < 19_000, `both outcomes covered (${matched} matched)`);
});

t.test('every taxonomy theme matches itself only', async (t) => {
  for (const a of THEMES) {
    const filter = new LiveFilter(ANONYMOUS, { themes: [a.slug] });
    for (const b of THEMES) {
      if (filter.matches(frame([b.slug])) !== (a.slug === b.slug)) {
        t.fail(`${a.slug} vs ${b.slug}`);
      }
    }
  }
  t.pass(`${THEMES.length}² pairs`);
});
