import { ApiError } from './api.ts';
import { errorText } from './catalogue.ts';
import type { Ctx } from './context.ts';
import { formatDate, themeLabel } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { SUBS_STRINGS } from './i18n-subs.ts';
import type { SubsStrings } from './i18n-subs.ts';
import { ITEM_EVENT_TYPES, subFieldOf, subsApi } from './subs-api.ts';
import type { Subscription, SubscriptionForm } from './subs-api.ts';

/** The subscription labels of the UI language. */
export const subsStrings = (ctx: Ctx): SubsStrings => SUBS_STRINGS[ctx.lang];

/** A secret just issued, shown once by the next view of its subscription (memory only). */
let justIssued: { id: string; secret: string } | null = null;

/** Takes the secret issued for `id` (it is then gone for good). */
export function takeIssuedSecret(id: string): string | null {
  const found = justIssued?.id === id ? justIssued.secret : null;
  justIssued = null;
  return found;
}

/** Error paragraphs next to fields, and showing a problem's `errors[]` in them. */
export function fieldErrors(prefix: string, labels: Record<string, string>) {
  const els = new Map<string, HTMLElement>();
  const general = h('p', { className: 'field-error', role: 'alert', hidden: true });
  return {
    general,
    /** The error paragraph of a field (its id: `err-<prefix>-<field>`). */
    of(field: string): HTMLElement {
      const el = h('p', { id: `err-${prefix}-${field}`, className: 'field-error', hidden: true });
      els.set(field, el);
      return el;
    },
    clear(): void {
      for (const el of els.values()) {
        el.hidden = true;
        el.textContent = '';
      }
      general.hidden = true;
      general.textContent = '';
      for (const el of document.querySelectorAll(`[data-errs="${prefix}"][aria-invalid]`))
        el.removeAttribute('aria-invalid');
    },
    /** Shows an error next to its field (focusing the first), else above the form. */
    show(ctx: Ctx, err: unknown): void {
      this.clear();
      const list =
        err instanceof ApiError && err.problem?.errors?.length
          ? err.problem.errors.map((x) => ({ field: subFieldOf(x.path), message: x.message }))
          : [{ field: null, message: errorText(ctx, err) }];
      let first: HTMLElement | null = null;
      for (const { field, message } of list) {
        const el = field ? els.get(field) : undefined;
        if (el && field) {
          el.hidden = false;
          const text = `${labels[field] ?? field}: ${message}`;
          el.textContent = el.textContent ? `${el.textContent} ${text}` : text;
          const input = document.querySelector<HTMLElement>(
            `[data-errs="${prefix}"][data-field="${field}"]`,
          );
          input?.setAttribute('aria-invalid', 'true');
          first ??= input;
        } else {
          general.hidden = false;
          general.textContent = general.textContent ? `${general.textContent} ${message}` : message;
        }
      }
      first?.focus();
    },
  };
}

/** A fieldset of checkboxes (`name`), one per option. */
function checks(
  id: string,
  legend: string,
  name: string,
  options: [string, string][],
  error: HTMLElement,
): HTMLElement {
  return h(
    'fieldset',
    {
      id,
      className: 'checks',
      tabindex: -1,
      'aria-describedby': error.id,
      'data-errs': 'sub',
      'data-field': name,
    },
    h('legend', {}, legend),
    error,
    h(
      'div',
      { className: 'check-grid' },
      options.map(([value, label]) =>
        h(
          'label',
          { className: 'check' },
          h('input', { type: 'checkbox', name, value }),
          ` ${label}`,
        ),
      ),
    ),
  );
}

/** A subscription's state: active, paused or failing. */
const stateKey = (sub: Subscription) =>
  !sub.active ? 'paused' : sub.failingSince ? 'failing' : 'active';

/** A subscription's state in words. */
export function stateOf(x: SubsStrings, sub: Subscription): string {
  return { paused: x.paused, failing: x.failing, active: x.active }[stateKey(sub)];
}

/** The subscriptions page's first read: the list (also started at page load: early-reads.ts). */
export const firstReads = () => subsApi.list();

/** Your webhook subscriptions and the form to create one. */
export async function subscriptionsView(ctx: Ctx): Promise<Child[]> {
  const { session } = ctx;
  const x = subsStrings(ctx);
  const heading = h('h1', { tabindex: -1 }, x.subsTitle);
  if (!session) {
    return [
      heading,
      h('p', {}, h('a', { href: '/app/sign-in?next=/app/subscriptions' }, x.subsNeedSignIn)),
    ];
  }
  if (!session.participant) return [heading, h('p', {}, x.subsAdmin)];
  let list: Node;
  try {
    const { items } = await firstReads();
    list =
      items.length === 0
        ? h('p', { className: 'empty' }, x.subsNone)
        : h(
            'ul',
            { className: 'cards', id: 'subscriptions' },
            items.map((sub) =>
              h(
                'li',
                { className: 'card', 'data-id': sub.id },
                h(
                  'h3',
                  {},
                  h('a', { href: `/app/subscriptions/${sub.id}` }, sub.description ?? sub.url),
                ),
                sub.description ? h('p', { className: 'meta url' }, sub.url) : '',
                h(
                  'p',
                  { className: 'meta' },
                  h('span', { className: `badge state-${stateKey(sub)}` }, stateOf(x, sub)),
                  ` ${x.pending(sub.pendingDeliveries)}`,
                  sub.lastDeliveredSeq === null
                    ? ''
                    : ` · ${x.lastDelivered(sub.lastDeliveredSeq)}`,
                  ` · ${x.createdAt} `,
                  h('time', { datetime: sub.createdAt }, formatDate(ctx, sub.createdAt)),
                ),
              ),
            ),
          );
  } catch (e) {
    list = h('p', { className: 'error', role: 'alert' }, errorText(ctx, e));
  }
  return [
    heading,
    h('p', { className: 'help' }, x.subsHelp),
    h(
      'section',
      { 'aria-labelledby': 'subs-heading' },
      h('h2', { id: 'subs-heading' }, x.yourSubs),
      list,
    ),
    createForm(ctx, x),
  ];
}

function createForm(ctx: Ctx, x: SubsStrings): HTMLElement {
  const errs = fieldErrors('sub', x.fieldNames);
  const text = (id: string, name: string, label: string, attrs: Record<string, string> = {}) => {
    const error = errs.of(name);
    return h(
      'div',
      { className: 'field' },
      h('label', { for: id }, label),
      error,
      h('input', {
        id,
        name,
        'aria-describedby': error.id,
        'data-errs': 'sub',
        'data-field': name,
        ...attrs,
      }),
    );
  };
  const button = h('button', { type: 'submit', id: 'create-subscription' }, x.create);
  const form = h(
    'form',
    { id: 'subscription-form', className: 'panel', novalidate: true },
    h('h2', {}, x.newSub),
    errs.general,
    text('sub-url', 'url', x.urlField, { type: 'url', autocomplete: 'url', inputmode: 'url' }),
    text('sub-description', 'description', x.descriptionField),
    h('p', { className: 'help' }, x.filtersHelp),
    checks(
      'sub-themes',
      x.themesFilter,
      'themes',
      ctx.themes.map((t): [string, string] => [t.slug, themeLabel(ctx, t.slug)]),
      errs.of('themes'),
    ),
    h(
      'details',
      {},
      h('summary', {}, `${x.participantsFilter} · ${x.typesFilter}`),
      checks(
        'sub-participants',
        x.participantsFilter,
        'participants',
        ctx.participants.map((p): [string, string] => [p.slug, p.name]),
        errs.of('participants'),
      ),
      checks(
        'sub-types',
        x.typesFilter,
        'types',
        ITEM_EVENT_TYPES.map((t): [string, string] => [t, eventTypeLabel(ctx, t)]),
        errs.of('types'),
      ),
    ),
    button,
  );
  let busy = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (busy) return;
    const data = new FormData(form);
    const body: SubscriptionForm = {
      url: String(data.get('url') ?? ''),
      description: String(data.get('description') ?? ''),
      themes: data.getAll('themes').map(String),
      participants: data.getAll('participants').map(String),
      types: data.getAll('types').map(String),
    };
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = x.creating;
    subsApi
      .create(body)
      .then((created) => {
        justIssued = { id: created.id, secret: created.secret };
        ctx.announce(x.created);
        ctx.navigate(`/app/subscriptions/${created.id}`);
      })
      .catch((err: unknown) => errs.show(ctx, err))
      .finally(() => {
        busy = false;
        button.removeAttribute('aria-disabled');
        button.textContent = x.create;
      });
  });
  return form;
}

/** An event type in words: "Practice shared". */
export function eventTypeLabel(ctx: Ctx, type: string): string {
  const kind = type.split('.')[2] ?? '';
  const noun: Record<string, string> = {
    practice: ctx.s.practice,
    meeting: ctx.s.meeting,
    publication: ctx.s.publication,
  };
  const verb = ctx.s.events[type];
  return noun[kind] && verb ? `${noun[kind]} · ${verb}` : type;
}
