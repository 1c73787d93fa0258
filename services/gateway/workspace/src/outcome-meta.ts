import type { Ctx } from './context.ts';
import { formatDate, participantName } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { LANGS, STRINGS } from './i18n.ts';
import { FORM_STRINGS } from './i18n-forms.ts';

/**
 * Under an outcome on its meeting's page: to whom it is addressed, when it is due, and a link to
 * its follow-up reports, in the UI language (`ctx.lang` may be the item text's language there;
 * `ctx.s` is the UI's).
 */
export function outcomeMeta(ctx: Ctx, outcome: object, meetingId?: string): Child {
  const o = outcome as { addressees?: unknown; dueOn?: unknown; ref?: unknown };
  const ui = LANGS.find((l) => STRINGS[l] === ctx.s) ?? ctx.lang;
  const f = FORM_STRINGS[ui];
  const to = Array.isArray(o.addressees)
    ? o.addressees.map((p) => participantName(ctx, String(p)))
    : [];
  const due = typeof o.dueOn === 'string' ? o.dueOn : '';
  const link =
    meetingId && typeof o.ref === 'string'
      ? h(
          'a',
          { href: `/app/follow-ups/${meetingId}/${encodeURIComponent(o.ref)}` },
          f.followUpLink,
        )
      : null;
  if (to.length === 0 && !due && !link) return null;
  const meta = [
    to.length > 0 ? f.addressedTo(to.join(', ')) : '',
    due ? f.dueBy(formatDate({ ...ctx, lang: ui }, due)) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return h('span', { className: 'outcome-meta' }, meta, meta && link ? ' · ' : '', link);
}
