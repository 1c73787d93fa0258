// After a 412: what changed meanwhile, field by field (the version the user started from and
// the current one), and the button that re-applies the user's edits onto the current version.

import type { Ctx } from './context.ts';
import { participantName, themeLabel } from './context.ts';
import { h } from './dom.ts';
import { keyLabel } from './form-fields.ts';
import { changedFields } from './form-state.ts';
import type { Field, FormState, Texts } from './form-state.ts';
import { LANGS } from './i18n.ts';
import { FORM_STRINGS } from './i18n-forms.ts';
import { visibilityPreview } from './practice-form.ts';
import type { Collection } from './router.ts';

const textsOf = (t: Texts) =>
  LANGS.filter((l) => t[l].trim() !== '')
    .map((l) => `${l.toUpperCase()}: ${t[l].trim()}`)
    .join(' · ');

/** A field's value in words (for the table of differences). */
export function showValue(ctx: Ctx, field: Field, s: FormState): string {
  const words = (k: string) => ctx.s.words[k] ?? k;
  const names = (slugs: string[]) => slugs.map((p) => participantName(ctx, p)).join(', ');
  switch (field) {
    case 'title':
    case 'summary':
    case 'body':
      return textsOf(s[field]);
    case 'themes':
      return s.themes.map((t) => themeLabel(ctx, t)).join(', ');
    case 'visibility':
      return visibilityPreview(
        { visibility: s.visibility.level, rcps: s.visibility.rcps },
        participantName(ctx, ctx.session?.participant ?? ''),
        ctx.s,
        (p) => participantName(ctx, p),
      );
    case 'meeting': {
      const m = s.meeting;
      return [
        textsOf(m.title),
        m.level ? words(m.level) : '',
        [m.startsOn, m.endsOn].filter(Boolean).join(' – '),
        m.hostCountry,
        m.venue,
      ]
        .filter(Boolean)
        .join(' · ');
    }
    case 'outcomes':
      return s.outcomes
        .map((o, i) =>
          [
            `${i + 1}. ${words(o.kind)}: ${textsOf(o.text)}`,
            o.addressees.length ? `→ ${names(o.addressees)}` : '',
            o.dueOn ? `(${o.dueOn})` : '',
          ]
            .filter(Boolean)
            .join(' '),
        )
        .join('\n');
    case 'kind':
      return s.kind ? words(s.kind) : '';
    default:
      return s[field];
  }
}

/** The panel: a table of the fields that changed between `startVersion` and `current`. */
export function conflictPanel(
  ctx: Ctx,
  collection: Collection,
  from: { version: number; state: FormState },
  to: { version: number; state: FormState },
  onReapply: () => void,
): HTMLElement {
  const f = FORM_STRINGS[ctx.lang];
  const changed = changedFields(collection, from.state, to.state);
  const cell = (v: string) => h('td', {}, v === '' ? f.empty : v);
  return h(
    'section',
    {
      id: 'conflict',
      className: 'conflict',
      tabindex: -1,
      'aria-labelledby': 'conflict-heading',
    },
    h('h2', { id: 'conflict-heading' }, f.conflictTitle),
    h('p', {}, f.conflictHelp(from.version, to.version)),
    changed.length === 0
      ? h('p', {}, f.conflictNone)
      : h(
          'div',
          {
            className: 'table-scroll',
            tabindex: 0,
            role: 'region',
            'aria-labelledby': 'conflict-heading',
          },
          h(
            'table',
            { id: 'diff' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, f.field),
                h('th', { scope: 'col' }, f.before(from.version)),
                h('th', { scope: 'col' }, f.after(to.version)),
              ),
            ),
            h(
              'tbody',
              {},
              changed.map((field) =>
                h(
                  'tr',
                  { 'data-field': field },
                  h('th', { scope: 'row' }, keyLabel(ctx, collection, field)),
                  cell(showValue(ctx, field, from.state)),
                  cell(showValue(ctx, field, to.state)),
                ),
              ),
            ),
          ),
        ),
    h(
      'button',
      { type: 'button', id: 'reapply', className: 'button', onclick: onReapply },
      f.reapply,
    ),
  );
}
