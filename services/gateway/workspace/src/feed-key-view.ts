import { errorText } from './catalogue.ts';
import type { Ctx } from './context.ts';
import { participantName, themeLabel } from './context.ts';
import { h, replace } from './dom.ts';
import type { SubsStrings } from './i18n-subs.ts';
import { secretPanel } from './secret-panel.ts';
import { feedUrl, subsApi } from './subs-api.ts';
import type { Subscription } from './subs-api.ts';

/** A subscription's Atom feed key: issued on demand, shown once with its feed URLs. */
export function feedKeySection(ctx: Ctx, x: SubsStrings, sub: Subscription): HTMLElement {
  const out = h('div', { id: 'feed-key' });
  const button = h(
    'button',
    { type: 'button', id: 'create-feed-key', className: 'secondary' },
    x.feedCreate,
  );
  button.addEventListener('click', () => {
    subsApi
      .feedKey(sub.id)
      .then((r) => {
        const theme = sub.themes[0] ?? ctx.themes[0]?.slug;
        const me = sub.participant;
        const feed = (template: string, value: string, label: string) => {
          const url = feedUrl(template, location.origin, value);
          return h(
            'li',
            {},
            h('a', { href: url, type: 'application/atom+xml' }, label),
            h('br'),
            h('code', {}, url),
          );
        };
        const links = h(
          'ul',
          { className: 'feed-links' },
          theme ? feed(r.feeds.themes, theme, x.feedUrlLabel(themeLabel(ctx, theme))) : '',
          feed(r.feeds.participants, me, x.feedParticipantLabel(participantName(ctx, me))),
        );
        const panel = secretPanel(
          ctx,
          'feed-secret',
          x.feedKeyTitle,
          x.feedKeyLabel,
          r.feedKey,
          links,
          x.feedOnce,
        );
        replace(out, panel);
        panel.focus();
      })
      .catch((err: unknown) => replace(out, h('p', { role: 'alert' }, errorText(ctx, err))));
  });
  return h(
    'section',
    { className: 'panel', 'aria-labelledby': 'feed-heading' },
    h('h2', { id: 'feed-heading' }, x.feedTitle),
    h('p', { className: 'help' }, x.feedHelp),
    button,
    out,
  );
}
