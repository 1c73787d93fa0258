// Live updates of the catalogue and the item page: the exchange's live feed (`/v1/live`, the
// session cookie goes along: same origin), resumed by seq after a disconnect (@rcpx/client).
// Nothing moves under the reader: a quiet "n new items — show" bar, a notice on a changed item.

import { createClient } from '@rcpx/client';
import type { CloudEvent } from '@rcpx/contracts';
import type { Item } from './api.ts';
import { lastSeenSeq } from './api.ts';
import type { Ctx } from './context.ts';
import { h, replace } from './dom.ts';
import { SUBS_STRINGS } from './i18n-subs.ts';
import type { Collection } from './router.ts';
import { onLeave } from './view-lifecycle.ts';

/** The event types that create an item of each collection. */
export const CREATED_TYPES: Record<Collection, string> = {
  practices: 'org.rcpx.practice.shared',
  meetings: 'org.rcpx.meeting.outcome.recorded',
  publications: 'org.rcpx.publication.released',
};

const NOUNS: Record<Collection, string> = {
  practices: 'practice',
  meetings: 'meeting',
  publications: 'publication',
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

/**
 * The catalogue's "n new items — show" bar: counts the items created since the list was read
 * (matching its filters, not already shown); "show" reads the list again.
 */
export function catalogueLive(
  ctx: Ctx,
  collection: Collection,
  query: URLSearchParams,
  shown: readonly string[],
): HTMLElement {
  const x = SUBS_STRINGS[ctx.lang];
  const bar = h('div', {
    id: 'live-bar',
    className: 'live-bar',
    role: 'status',
    'aria-live': 'polite',
  });
  const status = query.get('status');
  if (status === 'withdrawn' || query.get('cursor')) return bar; // new items are not on this page
  const known = new Set(shown);
  const fresh = new Set<string>();
  const draw = () => {
    const button = h(
      'button',
      { type: 'button', id: 'show-new', className: 'secondary small' },
      x.show,
    );
    button.addEventListener('click', () => {
      const url = new URL(location.href);
      url.searchParams.delete('cursor');
      ctx.navigate(`${url.pathname}${url.search}`, true);
    });
    replace(bar, h('span', { id: 'new-count' }, x.newItems(fresh.size)), ' ', button);
  };
  follow(
    {
      types: [CREATED_TYPES[collection]],
      ...(list(query.get('themes')) && { themes: list(query.get('themes')) }),
      ...(list(query.get('participants')) && { participants: list(query.get('participants')) }),
      ...(list(query.get('countries')) && { countries: list(query.get('countries')) }),
      ...(list(query.get('memberState')) && { memberStates: list(query.get('memberState')) }),
    },
    (event) => {
      const id = itemIdOf(collection, event);
      if (!id || known.has(id) || fresh.has(id)) return;
      fresh.add(id);
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
  const prefix = `org.rcpx.${NOUNS[collection]}.`;
  follow(
    { participants: [item.participant], after: Math.max(lastSeenSeq(), item.seq) },
    (event) => {
      if (itemIdOf(collection, event) !== item.id || !event.type.startsWith(prefix)) return;
      if (event.rcpxversion <= item.version) return;
      const withdrawn = event.type.endsWith('.withdrawn');
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
