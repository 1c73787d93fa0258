// A meeting's outcomes in the form: kind, text per language, addressees, due date; refs kept.

import type { Ctx } from './context.ts';
import { h } from './dom.ts';
import { LANGS, LANG_NAMES } from './i18n.ts';
import type { Lang } from './i18n.ts';
import { FORM_STRINGS } from './i18n-forms.ts';
import { checks, errId, errorSlot, field } from './form-fields.ts';
import { emptyOutcome } from './form-state.ts';
import type { OutcomeRow } from './form-state.ts';

let uid = 0;

/** One outcome of a meeting: kind, text (per language), addressees, due date; its ref kept. */
export function outcomeRow(ctx: Ctx, o: OutcomeRow, n: number, onRemove: () => void): HTMLElement {
  const { s } = ctx;
  const f = FORM_STRINGS[ctx.lang];
  const id = `o${++uid}`;
  const kinds = ['declaration', 'recommendation', 'action-plan', 'guidelines', 'conclusions'];
  const others = LANGS.filter((l) => l !== ctx.lang);
  const text = (l: Lang) =>
    field(`${id}-text-${l}`, `${f.outcomeText} (${LANG_NAMES[l]})`, o.text[l], {
      area: true,
      attrs: { lang: l, rows: '3' },
    });
  return h(
    'fieldset',
    { className: 'outcome', 'data-id': id, 'data-ref': o.ref, 'aria-describedby': `${id}-err` },
    h('legend', {}, f.outcomeN(n)),
    h('p', { id: `${id}-err`, className: 'field-error', hidden: true }),
    o.ref ? h('p', { className: 'help' }, f.outcomeRef(o.ref)) : null,
    field(`${id}-kind`, f.outcomeKind, o.kind, {
      options: [['', f.chooseOne], ...kinds.map((k): [string, string] => [k, s.words[k] ?? k])],
    }),
    text(ctx.lang),
    h(
      'details',
      { open: others.some((l) => o.text[l].trim() !== '') },
      h('summary', {}, f.otherLanguages),
      others.map(text),
    ),
    h(
      'details',
      { className: 'addressees', open: o.addressees.length > 0 },
      h('summary', {}, f.addresseesField),
      h(
        'fieldset',
        { className: 'checks' },
        h('legend', { className: 'visually-hidden' }, f.addresseesField),
        checks(
          `${id}-addr`,
          o.addressees,
          ctx.participants.map((p) => [p.slug, p.name]),
        ),
      ),
    ),
    field(`${id}-due`, f.dueOnField, o.dueOn, { attrs: { type: 'date' } }),
    h(
      'button',
      { type: 'button', className: 'button secondary remove', onclick: onRemove },
      f.removeOutcome(n),
    ),
  );
}

/** The outcomes of a meeting, with "add" and "remove" (the legends renumber). */
export function outcomesField(ctx: Ctx, rows: OutcomeRow[]): HTMLElement {
  const f = FORM_STRINGS[ctx.lang];
  const list = h('div', { className: 'outcome-list' });
  const renumber = () => {
    const all = [...list.querySelectorAll<HTMLElement>('.outcome')];
    all.forEach((row, i) => {
      row.querySelector('legend')!.textContent = f.outcomeN(i + 1);
      row.querySelector('.remove')!.textContent = f.removeOutcome(i + 1);
      (row.querySelector('.remove') as HTMLButtonElement).hidden = all.length === 1;
    });
  };
  const add = (o: OutcomeRow) => {
    const row: HTMLElement = outcomeRow(ctx, o, list.children.length + 1, () => {
      row.remove();
      renumber();
      ctx.announce(f.outcomeRemoved);
      addButton.focus();
    });
    list.append(row);
    renumber();
    return row;
  };
  const addButton = h(
    'button',
    {
      type: 'button',
      id: 'add-outcome',
      className: 'button secondary',
      onclick: () => {
        const row = add(emptyOutcome());
        row.querySelector('select')?.focus();
        ctx.announce(f.outcomeAdded(list.children.length));
      },
    },
    f.addOutcome,
  );
  for (const o of rows) add(o);
  return h(
    'fieldset',
    { id: 'outcomes', className: 'checks', 'aria-describedby': errId('outcomes') },
    h('legend', {}, f.outcomesField),
    errorSlot('outcomes'),
    list,
    addButton,
  );
}
