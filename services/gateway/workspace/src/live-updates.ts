// Live updates of the catalogue and the item page: the exchange's live feed (`/v1/live`, the
// session cookie goes along: same origin), resumed by seq after a disconnect (@rcpx/client).
// Nothing moves under the reader: a quiet "n new, m updated — show" bar (a listed item revised or
// withdrawn is marked on its card), a notice on a changed item.

import { createClient } from '@rcpx/client';
import { EVENT_TYPES } from '@rcpx/contracts';
import type { CloudEvent } from '@rcpx/contracts';
import type { Item } from './api.ts';
import { lastSeenSeq } from './api.ts';
import type { Ctx } from './context.ts';
import { h, replace } from './dom.ts';
import type { Lang } from './i18n.ts';
import { LIVE_STRINGS } from './i18n-live.ts';
import { SUBS_STRINGS } from './i18n-subs.ts';
import type { Collection } from './router.ts';
import { onLeave } from './view-lifecycle.ts';

/** The event types of each collection's items: the one creating an item, its revision, its withdrawal. */
export const ITEM_TYPES: Record<
  Collection,
  { created: string; revised: string; withdrawn: string }
> = {
  practices: {
    created: EVENT_TYPES.practiceShared,
    revised: EVENT_TYPES.practiceRevised,
    withdrawn: EVENT_TYPES.practiceWithdrawn,
  },
  meetings: {
    created: EVENT_TYPES.meetingOutcomeRecorded,
    revised: EVENT_TYPES.meetingRevised,
    withdrawn: EVENT_TYPES.meetingWithdrawn,
  },
  publications: {
    created: EVENT_TYPES.publicationReleased,
    revised: EVENT_TYPES.publicationRevised,
    withdrawn: EVENT_TYPES.publicationWithdrawn,
  },
};

/** The item id of an event of `collection` (its subject `<collection>/<id>`), else null. */
export function itemIdOf(
  collection: Collection,
  event: Pick<CloudEvent, 'subject'>,
): string | null {
  const [c, id, ...rest] = event.subject.split('/');
  return c === collection && id && rest.length === 0 ? id : null;
}

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : undefined);

/**
 * Follows the live feed from the seq the page was read at, until the view is left. Refusals
 * (a revoked token, the limits) end it quietly: the page still works without live updates.
 */
function follow(
  opts: {
    themes?: string[];
    participants?: string[];
    countries?: string[];
    memberStates?: string[];
    types?: string[];
    after?: number;
  },
  onEvent: (e: CloudEvent) => void,
): void {
  const ac = new AbortController();
  onLeave(() => ac.abort());
  const client = createClient({ baseUrl: location.origin });
  const seen = lastSeenSeq();
  // from where the page was read (never from 0: that would be the whole log)
  const after = opts.after ?? (seen > 0 ? seen : undefined);
  void (async () => {
    try {
      for await (const event of client.live({
        ...opts,
        ...(after !== undefined && { after }),
        signal: ac.signal,
        backoff: { initialMs: 500, maxMs: 10_000 },
      })) {
        onEvent(event);
      }
    } catch {
      // refused for good: no live updates on this view
    }
  })();
}

/** What the catalogue's bar shows: new items (created since the read), listed ones changed. */
export function liveBarText(lang: Lang, fresh: number, updated: number): string {
  const x = SUBS_STRINGS[lang];
  const y = LIVE_STRINGS[lang];
  if (fresh === 0) return y.onlyUpdated(updated);
  return updated === 0 ? x.newItems(fresh) : `${x.newItems(fresh)}, ${y.updatedItems(updated)}`;
}

/**
 * The catalogue's quiet bar: counts the items created since the list was read (matching its
 * filters, not already shown) and the listed items revised or withdrawn meanwhile, each of
 * those marked on its card in place (`cardOf`); "show" reads the list again.
 */
export function catalogueLive(
  ctx: Ctx,
  collection: Collection,
  query: URLSearchParams,
  shown: readonly Pick<Item, 'id' | 'version'>[],
  cardOf: (id: string) => HTMLElement | null,
): HTMLElement {
  const x = SUBS_STRINGS[ctx.lang];
  const y = LIVE_STRINGS[ctx.lang];
  const bar = h('div', {
    id: 'live-bar',
    className: 'live-bar',
    role: 'status',
    'aria-live': 'polite',
  });
  if (query.get('status') === 'withdrawn') return bar; // a withdrawn item changes no more
  // on a later page new items are not shown: only the listed ones are followed
  const news = !query.get('cursor');
  const known = new Map(shown.map((i) => [i.id, i.version]));
  const fresh = new Set<string>();
  const updated = new Set<string>();
  const draw = () => {
    const button = h(
      'button',
      { type: 'button', id: 'show-new', className: 'secondary small' },
      fresh.size > 0 ? x.show : y.reload,
    );
    button.addEventListener('click', () => {
      const url = new URL(location.href);
      if (fresh.size > 0) url.searchParams.delete('cursor');
      ctx.navigate(`${url.pathname}${url.search}`, true);
    });
    const text = liveBarText(ctx.lang, fresh.size, updated.size);
    replace(bar, h('span', { id: 'new-count' }, text), ' ', button);
  };
  /** The card's mark: revised (until a withdrawal) or withdrawn, in the card's meta line. */
  const mark = (id: string, withdrawn: boolean) => {
    const card = cardOf(id);
    if (!card) return;
    let el = card.querySelector<HTMLElement>('.live-mark');
    if (!el) {
      el = h('span', { className: 'badge live-mark' });
      (card.querySelector('.meta') ?? card).append(' ', el);
    }
    el.dataset.state = withdrawn ? 'withdrawn' : 'revised';
    el.textContent = withdrawn ? y.cardWithdrawn : y.cardRevised;
  };
  const types = ITEM_TYPES[collection];
  follow(
    {
      types: [...(news ? [types.created] : []), types.revised, types.withdrawn],
      ...(list(query.get('themes')) && { themes: list(query.get('themes')) }),
      ...(list(query.get('participants')) && { participants: list(query.get('participants')) }),
      ...(list(query.get('countries')) && { countries: list(query.get('countries')) }),
      ...(list(query.get('memberState')) && { memberStates: list(query.get('memberState')) }),
    },
    (event) => {
      const id = itemIdOf(collection, event);
      if (!id) return;
      const version = known.get(id);
      if (event.type === types.created) {
        if (version !== undefined || fresh.has(id)) return;
        fresh.add(id);
      } else {
        // a listed item, changed after the version shown
        if (version === undefined || event.rcpxversion <= version) return;
        updated.add(id);
        mark(id, event.type === types.withdrawn);
      }
      draw();
    },
  );
  return bar;
}

/** The item page's notice when the item is revised or withdrawn while it is open. */
export function itemLive(ctx: Ctx, collection: Collection, item: Item): HTMLElement {
  const x = SUBS_STRINGS[ctx.lang];
  const notice = h('div', {
    id: 'live-notice',
    className: 'live-bar',
    role: 'status',
    'aria-live': 'polite',
  });
  const types = ITEM_TYPES[collection];
  follow(
    { participants: [item.participant], after: Math.max(lastSeenSeq(), item.seq) },
    (event) => {
      if (itemIdOf(collection, event) !== item.id) return;
      if (event.type !== types.revised && event.type !== types.withdrawn) return;
      if (event.rcpxversion <= item.version) return;
      const withdrawn = event.type === types.withdrawn;
      replace(
        notice,
        h('span', {}, withdrawn ? x.withdrawnMeanwhile : x.revisedMeanwhile),
        ' ',
        h(
          'a',
          { href: `/app/${collection}/${item.id}?minSeq=${event.rcpxseq}`, id: 'show-latest' },
          x.showLatest,
        ),
      );
    },
  );
  return notice;
}
