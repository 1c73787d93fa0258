// "My work"'s lists a screenful at a time: the first cards drawn at once, the rest on "Show more"
// (from what was read, or the API's next page); and the parts of the page drawn when their read
// arrives, so the first render waits only for what is on top.

import type { Ctx } from './context.ts';
import { h, replace } from './dom.ts';
import type { Child } from './dom.ts';
import { MY_WORK_MORE_STRINGS } from './i18n-my-work-more.ts';
import { MY_WORK_STRINGS } from './i18n-my-work.ts';

/** How many cards a list draws at a time (a screenful or two). */
export const SCREENFUL = 25;

/** Some cards, and how to get the next ones (null: no more); `left`: how many, when known. */
export interface Paged<T> {
  items: readonly T[];
  more: (() => Promise<Paged<T>>) | null;
  left?: number;
}

/** A page of a list read (`nextCursor`: where the next page starts, null at the end). */
export interface ApiPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A page read, a screenful at a time: what was read first, then the API's next pages
 * (`next(cursor)`) as "Show more" asks for them.
 */
export function inScreenfuls<T>(
  page: ApiPage<T>,
  next: ((cursor: string) => Promise<ApiPage<T>>) | null = null,
): Paged<T> {
  const rest = page.items.slice(SCREENFUL);
  const cursor = next ? page.nextCursor : null;
  return {
    items: page.items.slice(0, SCREENFUL),
    more:
      rest.length > 0
        ? () => Promise.resolve(inScreenfuls({ items: rest, nextCursor: cursor }, next))
        : cursor !== null && next
          ? () => next(cursor).then((p) => inScreenfuls(p, next))
          : null,
    left: cursor === null ? rest.length : undefined,
  };
}

/** Every item of a list: its first page and those after it. */
export async function everyPage<T>(
  page: ApiPage<T>,
  next: (cursor: string) => Promise<ApiPage<T>>,
): Promise<T[]> {
  const items = [...page.items];
  for (let cursor = page.nextCursor; cursor !== null;) {
    const p = await next(cursor);
    items.push(...p.items);
    cursor = p.nextCursor;
  }
  return items;
}

/**
 * A list of cards (`ul.cards`, `id`) with its first cards drawn, and a "Show more" button while
 * more follow: it draws them under the others and moves the focus to the first new one.
 */
export function pagedCards<T>(
  ctx: Ctx,
  first: Paged<T>,
  card: (x: T) => HTMLElement,
  id?: string,
): Child[] {
  const more = MY_WORK_MORE_STRINGS[ctx.lang];
  const list = h('ul', { className: 'cards', id }, first.items.map(card));
  const failed = h('p', { className: 'error', role: 'alert', hidden: true });
  const button = h('button', { type: 'button', className: 'button secondary show-more' });
  const row = h('p', { className: 'more' }, button);
  let next = first;
  const update = () => {
    row.hidden = next.more === null;
    button.textContent = more.showMore(next.left);
  };
  button.addEventListener('click', () => {
    const fetch = next.more;
    if (!fetch || button.disabled) return;
    button.disabled = true;
    failed.hidden = true;
    fetch().then(
      (page) => {
        const cards = page.items.map(card);
        list.append(...cards);
        next = page;
        button.disabled = false;
        update();
        cards[0]?.querySelector<HTMLElement>('a, button')?.focus();
        ctx.announce(more.shownMore(cards.length));
      },
      () => {
        button.disabled = false;
        failed.textContent = MY_WORK_STRINGS[ctx.lang].loadFailed;
        failed.hidden = false;
      },
    );
  });
  update();
  return [list, row, failed];
}

/**
 * A part of the page drawn once `read` settles (`draw` gets its outcome); until then it says it
 * is loading and is marked busy (`aria-busy`), which tests wait for as for the view itself.
 */
export function drawnWhenRead<T>(
  ctx: Ctx,
  read: Promise<T>,
  draw: (r: PromiseSettledResult<T>) => Child,
): HTMLElement {
  const part = h('div', { className: 'late', 'aria-busy': 'true' });
  part.append(h('p', { className: 'loading' }, ctx.s.loading));
  const done = (r: PromiseSettledResult<T>) => {
    replace(part, draw(r));
    part.setAttribute('aria-busy', 'false');
  };
  read.then(
    (value) => done({ status: 'fulfilled', value }),
    (reason: unknown) => done({ status: 'rejected', reason }),
  );
  return part;
}
