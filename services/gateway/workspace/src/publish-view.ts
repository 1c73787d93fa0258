import { ApiError, api } from './api.ts';
import { errorText } from './catalogue.ts';
import type { Ctx } from './context.ts';
import { participantName } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { LANGS, LANG_NAMES } from './i18n.ts';
import type { Lang } from './i18n.ts';
import { FIELDS, errorMessage, fieldOf, practiceBody, visibilityPreview } from './practice-form.ts';
import type { FieldName, PracticeFields } from './practice-form.ts';

/** A new key for a submission (the same one while the body does not change: retries are safe). */
const newKey = () => `app-${crypto.randomUUID()}`;

/** Publish a practice: errors[] next to their fields, one Idempotency-Key per submission. */
export function publishView(ctx: Ctx): Child[] {
  const { s, session } = ctx;
  const heading = h('h1', { tabindex: -1 }, s.publishTitle);
  if (!session) {
    return [
      heading,
      h('p', {}, h('a', { href: '/app/sign-in?next=/app/practices/new' }, s.needSignIn)),
    ];
  }
  if (session.role !== 'publisher') return [heading, h('p', {}, s.notPublisher)];
  const me = participantName(ctx, session.participant ?? '');

  const errorEls = new Map<FieldName, HTMLElement>();
  const errorOf = (f: FieldName) => {
    const e = h('p', { id: `err-${f}`, className: 'field-error', hidden: true });
    errorEls.set(f, e);
    return e;
  };
  const input = (id: string, label: string, attrs: Record<string, string> = {}, area = false) =>
    h(
      'div',
      { className: 'field' },
      h('label', { for: id }, label),
      area
        ? h('textarea', { id, name: id, rows: 4, ...attrs })
        : h('input', { id, name: id, ...attrs }),
    );

  const langGroups = LANGS.map((l) => {
    const group = h(
      'fieldset',
      { className: 'lang-group' },
      h('legend', {}, s.textIn(LANG_NAMES[l])),
      input(`title-${l}`, s.titleField, {
        'aria-describedby': 'err-title',
        lang: l,
      }),
      input(`summary-${l}`, s.summaryField, { 'aria-describedby': 'err-summary', lang: l }, true),
      input(`body-${l}`, s.bodyField, { 'aria-describedby': 'err-body', lang: l }, true),
    );
    return l === ctx.lang
      ? group
      : h('details', {}, h('summary', {}, s.textIn(LANG_NAMES[l])), group);
  });
  const ordered = [
    ...langGroups.filter((_, i) => LANGS[i] === ctx.lang),
    ...langGroups.filter((_, i) => LANGS[i] !== ctx.lang),
  ];

  const themes = h(
    'fieldset',
    { id: 'themes', className: 'checks', 'aria-describedby': 'err-themes' },
    h('legend', {}, s.themesField),
    errorOf('themes'),
    h(
      'div',
      { className: 'check-grid' },
      ctx.themes.map((t) =>
        h(
          'label',
          { className: 'check' },
          h('input', { type: 'checkbox', name: 'themes', value: t.slug }),
          ` ${t.labels[ctx.lang]}`,
        ),
      ),
    ),
  );

  const preview = h('p', { id: 'visibility-preview', className: 'preview', 'aria-live': 'polite' });
  const rcpsBox = h(
    'fieldset',
    { id: 'rcps', className: 'checks', hidden: true },
    h('legend', {}, s.visRcpsList),
    h(
      'div',
      { className: 'check-grid' },
      ctx.participants
        .filter((p) => p.slug !== session.participant)
        .map((p) =>
          h(
            'label',
            { className: 'check' },
            h('input', { type: 'checkbox', name: 'rcps', value: p.slug }),
            ` ${p.name}`,
          ),
        ),
    ),
  );
  const radio = (value: string, label: string) =>
    h(
      'label',
      { className: 'check' },
      h('input', { type: 'radio', name: 'visibility', value }),
      ` ${label}`,
    );
  const visibility = h(
    'fieldset',
    {
      id: 'visibility',
      className: 'checks',
      'aria-describedby': 'err-visibility visibility-preview',
    },
    h('legend', {}, s.visibilityField),
    errorOf('visibility'),
    radio('public', s.visPublic),
    radio('members', s.visMembers),
    radio('rcps', s.visRcps),
    rcpsBox,
    h('div', { className: 'preview-box' }, h('h2', {}, s.preview), preview),
  );

  const summaryBox = h('div', {
    id: 'error-summary',
    className: 'error-summary',
    tabindex: -1,
    hidden: true,
  });
  const button = h('button', { type: 'submit', id: 'publish' }, s.submit);
  const form = h(
    'form',
    { id: 'practice-form', novalidate: true, className: 'panel' },
    h('p', { className: 'help' }, s.publishHelp),
    summaryBox,
    errorOf('title'),
    ordered,
    errorOf('summary'),
    errorOf('body'),
    themes,
    h(
      'div',
      { className: 'field' },
      h('label', { for: 'countries' }, s.countriesField),
      errorOf('countries'),
      h('input', {
        id: 'countries',
        name: 'countries',
        autocomplete: 'off',
        'aria-describedby': 'err-countries',
      }),
    ),
    h(
      'div',
      { className: 'field' },
      h('label', { for: 'links' }, s.linksField),
      errorOf('links'),
      h('textarea', { id: 'links', name: 'links', rows: 3, 'aria-describedby': 'err-links' }),
    ),
    h(
      'div',
      { className: 'field' },
      h('label', { for: 'contact' }, s.contactField),
      errorOf('contact'),
      h('input', { id: 'contact', name: 'contact', 'aria-describedby': 'err-contact' }),
    ),
    visibility,
    button,
  );

  const fields = (): PracticeFields => {
    const data = new FormData(form);
    const str = (k: string) => String(data.get(k) ?? '');
    const text = {} as PracticeFields['text'];
    for (const l of LANGS)
      text[l as Lang] = {
        title: str(`title-${l}`),
        summary: str(`summary-${l}`),
        body: str(`body-${l}`),
      };
    return {
      text,
      themes: data.getAll('themes').map(String),
      countries: str('countries'),
      links: str('links'),
      contact: str('contact'),
      visibility: str('visibility') as PracticeFields['visibility'],
      rcps: data.getAll('rcps').map(String),
    };
  };
  const update = () => {
    const f = fields();
    rcpsBox.hidden = f.visibility !== 'rcps';
    preview.textContent = visibilityPreview(f, me, s, (slug) => participantName(ctx, slug));
  };
  form.addEventListener('change', update);
  update();

  const focusTarget = (f: FieldName): string =>
    f === 'title' || f === 'summary' || f === 'body'
      ? `${f}-${ctx.lang}`
      : f === 'themes' || f === 'visibility'
        ? `${f}`
        : f;

  const showErrors = (list: { field: FieldName | null; message: string }[]) => {
    for (const f of FIELDS) {
      const el = errorEls.get(f);
      if (el) {
        el.hidden = true;
        el.textContent = '';
      }
    }
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    summaryBox.replaceChildren();
    if (list.length === 0) {
      summaryBox.hidden = true;
      return;
    }
    const items = list.map(({ field, message }) => {
      const el = field ? errorEls.get(field) : undefined;
      if (el && field) {
        el.hidden = false;
        el.textContent = el.textContent ? `${el.textContent} ${message}` : message;
        document.getElementById(focusTarget(field))?.setAttribute('aria-invalid', 'true');
        return h(
          'li',
          {},
          h('a', { href: `#${focusTarget(field)}`, 'data-field': field }, message),
        );
      }
      return h('li', {}, message);
    });
    summaryBox.append(
      h('h2', {}, s.errorSummary),
      h('p', {}, s.fixErrors(list.length)),
      h('ul', {}, items),
    );
    summaryBox.hidden = false;
    summaryBox.focus();
  };
  summaryBox.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a[data-field]');
    if (!a) return;
    e.preventDefault();
    document.getElementById(a.getAttribute('href')!.slice(1))?.focus();
  });

  let key = newKey();
  let keyBody = '';
  let inFlight: Promise<void> | null = null;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (inFlight) return; // a double click: the first submission is on its way
    const f = fields();
    if (f.visibility === '') {
      showErrors([{ field: 'visibility', message: s.chooseVisibility }]);
      return;
    }
    const body = practiceBody(f);
    const json = JSON.stringify(body);
    if (json !== keyBody) {
      key = newKey();
      keyBody = json;
    }
    button.setAttribute('aria-disabled', 'true');
    button.textContent = s.submitting;
    inFlight = api
      .publishPractice(body, key)
      .then((result) => {
        ctx.announce(s.published);
        ctx.navigate(`/app/practices/${result.id}?minSeq=${result.seq}`);
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.problem?.errors?.length) {
          showErrors(
            err.problem.errors.map((x) => {
              const field = fieldOf(x.path);
              return { field, message: errorMessage(field, x.path, x.message, s) };
            }),
          );
        } else {
          showErrors([{ field: null, message: errorText(ctx, err) }]);
        }
      })
      .finally(() => {
        inFlight = null;
        button.removeAttribute('aria-disabled');
        button.textContent = s.submit;
      });
  });

  return [heading, form];
}
