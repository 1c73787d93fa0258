// The inputs of the publish/revise forms, drawn from a form state and read back into one.

import type { Ctx } from './context.ts';
import { participantName } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { LANGS, LANG_NAMES } from './i18n.ts';
import type { Lang } from './i18n.ts';
import { FORM_STRINGS } from './i18n-forms.ts';
import { emptyOutcome, texts } from './form-state.ts';
import type { FormState, OutcomeRow, Texts, VisState } from './form-state.ts';
import { visibilityPreview } from './practice-form.ts';
import type { Collection } from './router.ts';

/** The id of the element an error key is shown in (`meeting.level` → `err-meeting-level`). */
export const errId = (key: string) => `err-${key.replace(/\./g, '-')}`;

export const errorSlot = (key: string) =>
  h('p', { id: errId(key), className: 'field-error', hidden: true });

/** A labelled input (or textarea, select options) with its error slot. */
export function field(
  id: string,
  label: string,
  value: string,
  opts: {
    err?: string;
    area?: boolean;
    attrs?: Record<string, string>;
    options?: [string, string][];
  } = {},
): HTMLElement {
  const common = {
    id,
    name: id,
    'aria-describedby': opts.err ? errId(opts.err) : null,
    ...opts.attrs,
  };
  const control = opts.options
    ? h(
        'select',
        common,
        opts.options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)),
      )
    : opts.area
      ? h('textarea', { rows: 4, ...common }, value)
      : h('input', { value, ...common });
  return h(
    'div',
    { className: 'field' },
    h('label', { for: id }, label),
    opts.err ? errorSlot(opts.err) : null,
    control,
  );
}

/** Per language, the localized fields (the UI language first, the others folded). */
export function langGroups(
  ctx: Ctx,
  parts: { prefix: string; label: string; value: Texts; err: string; area?: boolean }[],
): Child[] {
  const { s } = ctx;
  const order = [ctx.lang, ...LANGS.filter((l) => l !== ctx.lang)];
  return order.map((l) => {
    const group = h(
      'fieldset',
      { className: 'lang-group' },
      h('legend', {}, s.textIn(LANG_NAMES[l])),
      parts.map((p) =>
        field(`${p.prefix}-${l}`, p.label, p.value[l], {
          area: p.area ?? false,
          attrs: { lang: l, 'aria-describedby': errId(p.err) },
        }),
      ),
    );
    const filled = parts.some((p) => p.value[l].trim() !== '');
    return l === ctx.lang
      ? group
      : h('details', { open: filled }, h('summary', {}, s.textIn(LANG_NAMES[l])), group);
  });
}

/** A group of checkboxes (themes, participants). */
export const checks = (name: string, chosen: string[], options: [string, string][]) =>
  h(
    'div',
    { className: 'check-grid' },
    options.map(([v, label]) =>
      h(
        'label',
        { className: 'check' },
        h('input', { type: 'checkbox', name, value: v, checked: chosen.includes(v) }),
        ` ${label}`,
      ),
    ),
  );

export function themesField(ctx: Ctx, chosen: string[]): HTMLElement {
  return h(
    'fieldset',
    { id: 'themes', className: 'checks', 'aria-describedby': errId('themes') },
    h('legend', {}, ctx.s.themesField),
    errorSlot('themes'),
    checks(
      'themes',
      chosen,
      ctx.themes.map((t) => [t.slug, t.labels[ctx.lang]]),
    ),
  );
}

/** Who will see it: explicit choice, with the plain-language preview kept up to date. */
export function visibilityField(ctx: Ctx, vis: VisState): HTMLElement {
  const { s, session } = ctx;
  const me = participantName(ctx, session?.participant ?? '');
  const preview = h('p', { id: 'visibility-preview', className: 'preview', 'aria-live': 'polite' });
  const rcpsBox = h(
    'fieldset',
    { id: 'rcps', className: 'checks', hidden: vis.level !== 'rcps' },
    h('legend', {}, s.visRcpsList),
    checks(
      'rcps',
      vis.rcps,
      ctx.participants.filter((p) => p.slug !== session?.participant).map((p) => [p.slug, p.name]),
    ),
  );
  const radio = (value: string, label: string) =>
    h(
      'label',
      { className: 'check' },
      h('input', { type: 'radio', name: 'visibility', value, checked: vis.level === value }),
      ` ${label}`,
    );
  const box = h(
    'fieldset',
    {
      id: 'visibility',
      className: 'checks',
      'aria-describedby': `${errId('visibility')} visibility-preview`,
    },
    h('legend', {}, s.visibilityField),
    errorSlot('visibility'),
    radio('public', s.visPublic),
    radio('members', s.visMembers),
    radio('rcps', s.visRcps),
    rcpsBox,
    h('div', { className: 'preview-box' }, h('h2', {}, s.preview), preview),
  );
  const update = () => {
    const form = box.closest('form');
    const v = form ? readVisibility(new FormData(form)) : vis;
    rcpsBox.hidden = v.level !== 'rcps';
    preview.textContent = visibilityPreview({ visibility: v.level, rcps: v.rcps }, me, s, (slug) =>
      participantName(ctx, slug),
    );
  };
  box.addEventListener('change', update);
  preview.textContent = visibilityPreview(
    { visibility: vis.level, rcps: vis.rcps },
    me,
    s,
    (slug) => participantName(ctx, slug),
  );
  return box;
}

const readVisibility = (d: FormData): VisState => ({
  level: String(d.get('visibility') ?? '') as VisState['level'],
  rcps: d.getAll('rcps').map(String),
});

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

/** The form's state as typed (fields a kind lacks stay empty). */
export function readState(form: HTMLFormElement): FormState {
  const d = new FormData(form);
  const str = (k: string) => String(d.get(k) ?? '');
  const txt = (prefix: string): Texts => {
    const t = texts();
    for (const l of LANGS) t[l] = str(`${prefix}-${l}`);
    return t;
  };
  return {
    title: txt('title'),
    summary: txt('summary'),
    body: txt('body'),
    themes: d.getAll('themes').map(String),
    visibility: readVisibility(d),
    countries: str('countries'),
    links: str('links'),
    contact: str('contact'),
    meeting: {
      title: txt('mtitle'),
      level: str('level'),
      startsOn: str('startsOn'),
      endsOn: str('endsOn'),
      hostCountry: str('hostCountry'),
      venue: str('venue'),
    },
    outcomes: [...form.querySelectorAll<HTMLElement>('.outcome')].map((row) => {
      const id = row.dataset.id!;
      return {
        ref: row.dataset.ref ?? '',
        kind: str(`${id}-kind`),
        text: txt(`${id}-text`),
        addressees: d.getAll(`${id}-addr`).map(String),
        dueOn: str(`${id}-due`),
      };
    }),
    kind: str('pubkind'),
    url: str('url'),
    languages: str('languages'),
    publishedOn: str('publishedOn'),
  };
}

/** The input to focus for an error key. */
export function focusTarget(form: HTMLElement, key: string, lang: Lang): HTMLElement | null {
  const byId: Record<string, string> = {
    title: `title-${lang}`,
    summary: `summary-${lang}`,
    body: `body-${lang}`,
    'meeting.title': `mtitle-${lang}`,
    'meeting.level': 'level',
    'meeting.startsOn': 'startsOn',
    'meeting.endsOn': 'endsOn',
    'meeting.hostCountry': 'hostCountry',
    'meeting.venue': 'venue',
    kind: 'pubkind',
  };
  const m = /^outcomes\.(\d+)$/.exec(key);
  const el = m
    ? form.querySelectorAll<HTMLElement>('.outcome')[Number(m[1])]
    : form.querySelector<HTMLElement>(`#${byId[key] ?? key}`);
  if (!el) return null;
  return el.matches('input, select, textarea')
    ? el
    : el.querySelector<HTMLElement>('input, select, textarea');
}

/** Where an error key's message goes (an outcome's own slot for `outcomes.N`). */
export function errorElement(form: HTMLElement, key: string): HTMLElement | null {
  const m = /^outcomes\.(\d+)$/.exec(key);
  if (m) {
    const row = form.querySelectorAll<HTMLElement>('.outcome')[Number(m[1])];
    return row?.querySelector<HTMLElement>('.field-error') ?? null;
  }
  return form.querySelector<HTMLElement>(`#${errId(key)}`);
}

/** The label of an error key or field in the UI language. */
export function keyLabel(ctx: Ctx, collection: Collection, key: string): string {
  const f = FORM_STRINGS[ctx.lang];
  const m = /^outcomes\.(\d+)$/.exec(key);
  if (m) return f.outcomeN(Number(m[1]) + 1);
  if (collection === 'publications' && key === 'kind') return f.names.kind!;
  return ctx.s.fieldNames[key] ?? f.names[key] ?? key;
}
