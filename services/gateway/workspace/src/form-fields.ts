// The inputs of the publish/revise forms, drawn from a form state and read back into one.

import type { Ctx } from './context.ts';
import { participantName } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { LANGS, LANG_NAMES } from './i18n.ts';
import type { Lang } from './i18n.ts';
import { FORM_STRINGS } from './i18n-forms.ts';
import { texts } from './form-state.ts';
import type { FormState, Texts, VisState } from './form-state.ts';
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
