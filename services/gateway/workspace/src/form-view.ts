// The pages of the forms: `/app/<collection>/new` and `/app/<collection>/<id>/edit`.

import { ApiError, api } from './api.ts';
import type { Item } from './api.ts';
import { errorText, itemTitle } from './catalogue.ts';
import type { Ctx } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { FORM_STRINGS } from './i18n-forms.ts';
import { itemForm } from './item-form.ts';
import { notFoundView } from './item-view.ts';
import type { Collection } from './router.ts';

/** Who may write: a signed-in publisher (else a sentence saying what to do). */
function gate(ctx: Ctx, path: string): Child | null {
  if (!ctx.session) {
    return h(
      'p',
      {},
      h('a', { href: `/app/sign-in?next=${encodeURIComponent(path)}` }, ctx.s.needSignIn),
    );
  }
  return ctx.session.role === 'publisher' ? null : h('p', {}, ctx.s.notPublisher);
}

/** Publish a new item of a kind, with links to the other kinds' forms. */
export function publishView(ctx: Ctx, collection: Collection): Child[] {
  const f = FORM_STRINGS[ctx.lang];
  const title = {
    practices: ctx.s.publishTitle,
    meetings: f.publishMeetingTitle,
    publications: f.publishPublicationTitle,
  }[collection];
  const kinds = h(
    'nav',
    { className: 'kinds', 'aria-label': f.whatToPublish },
    h(
      'ul',
      {},
      (
        [
          ['practices', f.publishPractice],
          ['meetings', f.publishMeeting],
          ['publications', f.publishPublication],
        ] as const
      ).map(([c, label]) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: `/app/${c}/new`, 'aria-current': c === collection ? 'page' : null },
            label,
          ),
        ),
      ),
    ),
  );
  const heading = h('h1', { tabindex: -1 }, title);
  const refused = gate(ctx, `/app/${collection}/new`);
  if (refused) return [heading, refused];
  return [heading, kinds, itemForm(ctx, collection, { mode: 'create' })];
}

/** The revise page's first read: the item (also started at page load: early-reads.ts). */
export const firstReads = (route: { collection: Collection; id: string }) =>
  api.item(route.collection, route.id);

/** Revise an item (its publisher only): the form prefilled with the current version. */
export async function editView(ctx: Ctx, collection: Collection, id: string): Promise<Child[]> {
  const f = FORM_STRINGS[ctx.lang];
  const refused = gate(ctx, `/app/${collection}/${id}/edit`);
  let item: Item;
  try {
    item = await firstReads({ collection, id });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFoundView(ctx);
    return [h('h1', { tabindex: -1 }, f.revise), h('p', { role: 'alert' }, errorText(ctx, e))];
  }
  const heading = h(
    'h1',
    { tabindex: -1, id: 'item-title' },
    f.reviseTitle(itemTitle(ctx, collection, item).textContent ?? ''),
  );
  const back = h(
    'p',
    { className: 'crumbs' },
    h('a', { href: `/app/${collection}/${id}` }, itemTitle(ctx, collection, item)),
  );
  if (refused) return [back, heading, refused];
  if (item.participant !== ctx.session?.participant) return [back, heading, h('p', {}, f.notOwner)];
  if (item.status === 'withdrawn') return [back, heading, h('p', {}, f.withdrawnNoRevise)];
  return [back, heading, itemForm(ctx, collection, { mode: 'revise', item })];
}
