import { ApiError } from './api.ts';
import { errorText } from './catalogue.ts';
import type { Ctx } from './context.ts';
import { formatDate, participantName, themeLabel } from './context.ts';
import { h, replace } from './dom.ts';
import type { Child } from './dom.ts';
import { notFoundView } from './item-view.ts';
import type { SubsStrings } from './i18n-subs.ts';
import { feedKeySection } from './feed-key-view.ts';
import { secretPanel } from './secret-panel.ts';
import { subsApi } from './subs-api.ts';
import type { Delivery, Subscription } from './subs-api.ts';
import {
  eventTypeLabel,
  fieldErrors,
  stateOf,
  subsStrings,
  takeIssuedSecret,
} from './subscriptions-view.ts';
import { onLeave } from './view-lifecycle.ts';

const POLL_MS = 2_500;

function deliveryItem(ctx: Ctx, x: SubsStrings, d: Delivery, redeliver: Child): HTMLElement {
  const when = d.deliveredAt ?? d.lastAttemptAt ?? d.createdAt;
  return h(
    'li',
    { className: 'delivery', 'data-id': d.id, 'data-status': d.status, 'data-seq': d.seq },
    h(
      'p',
      {},
      h('strong', {}, x.event(d.seq)),
      ` · ${eventTypeLabel(ctx, d.type)} `,
      h('span', { className: `badge status-${d.status}` }, x.statuses[d.status] ?? d.status),
    ),
    h(
      'p',
      { className: 'meta' },
      [
        x.origins[d.origin] ?? d.origin,
        x.attempts(d.attempts),
        d.responseStatus === null ? null : x.response(d.responseStatus, d.latencyMs),
        d.error,
      ]
        .filter(Boolean)
        .join(' · '),
      ' · ',
      h('time', { datetime: when }, formatDate(ctx, when, true)),
      d.status === 'pending' && d.nextAttemptAt
        ? [
            ` · ${x.nextAttempt} `,
            h('time', { datetime: d.nextAttemptAt }, formatDate(ctx, d.nextAttemptAt, true)),
          ]
        : '',
    ),
    redeliver,
  );
}

/** A subscription page's first reads (also started at page load: early-reads.ts). */
export const firstReads = (route: { id: string }) =>
  [subsApi.get(route.id), subsApi.deliveries(route.id)] as const;

/** One subscription: its settings, actions, replay, feed key and delivery log. */
export async function subscriptionView(ctx: Ctx, id: string): Promise<Child[]> {
  const x = subsStrings(ctx);
  const issued = takeIssuedSecret(id);
  if (!ctx.session?.participant) {
    return [
      h('h1', { tabindex: -1 }, x.subTitle),
      h('p', {}, h('a', { href: `/app/sign-in?next=/app/subscriptions/${id}` }, x.subsNeedSignIn)),
    ];
  }
  let sub: Subscription;
  let page: { items: Delivery[]; nextCursor: string | null };
  try {
    [sub, page] = await Promise.all(firstReads({ id }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFoundView(ctx);
    return [h('h1', { tabindex: -1 }, x.subTitle), h('p', { role: 'alert' }, errorText(ctx, e))];
  }
  const status = h('p', { id: 'sub-status', role: 'status', className: 'notice', hidden: true });
  const say = (text: string) => {
    status.hidden = false;
    status.textContent = text;
  };
  const reload = () => ctx.navigate(`/app/subscriptions/${id}`, true);
  const fail = (err: unknown) => say(errorText(ctx, err));
  const secrets = h('div', { id: 'secrets' });
  if (issued) {
    secrets.append(secretPanel(ctx, 'new-secret', x.secretTitle, x.secretLabel, issued));
  }

  const filters = [
    ...sub.themes.map((t) => themeLabel(ctx, t)),
    ...sub.participants.map((p) => participantName(ctx, p)),
    ...sub.types.map((t) => eventTypeLabel(ctx, t)),
    ...sub.countries,
    ...sub.memberStates,
  ];
  const facts: [string, Child][] = [
    [x.target, h('span', { className: 'url' }, sub.url)],
    [x.status, [stateOf(x, sub), ` · ${x.pending(sub.pendingDeliveries)}`]],
    [x.filters, filters.length > 0 ? filters.join(', ') : x.everything],
    [x.createdAt, h('time', { datetime: sub.createdAt }, formatDate(ctx, sub.createdAt, true))],
  ];
  if (sub.disabledReason) facts.push(['', sub.disabledReason]);

  const act = (label: string, elId: string, run: () => Promise<unknown>) => {
    const b = h('button', { type: 'button', id: elId, className: 'secondary' }, label);
    b.addEventListener('click', () => {
      if (b.getAttribute('aria-disabled') === 'true') return;
      b.setAttribute('aria-disabled', 'true');
      run()
        .catch(fail)
        .finally(() => b.removeAttribute('aria-disabled'));
    });
    return b;
  };
  const toggle = act(sub.active ? x.pause : x.resume, 'toggle-active', async () => {
    await subsApi.patch(id, { active: !sub.active });
    ctx.announce(sub.active ? x.pausedNow : x.resumedNow);
    reload();
  });
  const rotate = act(x.rotate, 'rotate-secret', async () => {
    const r = await subsApi.rotate(id);
    const panel = secretPanel(ctx, 'rotated-secret', x.secretTitle, x.secretLabel, r.secret, [
      h('p', {}, x.rotated(formatDate(ctx, r.previousSecretExpiresAt, true))),
    ]);
    replace(secrets, panel);
    panel.focus();
  });
  const remove = act(x.remove, 'delete-subscription', async () => {
    if (!window.confirm(x.confirmRemove)) return;
    await subsApi.remove(id);
    ctx.announce(x.removed);
    ctx.navigate('/app/subscriptions');
  });

  return [
    h('p', { className: 'crumbs' }, h('a', { href: '/app/subscriptions' }, x.backToSubs)),
    h('h1', { tabindex: -1 }, sub.description ?? x.subTitle),
    secrets,
    status,
    sub.authorised ? '' : h('p', { className: 'notice' }, x.notAuthorised),
    h(
      'dl',
      { className: 'facts', id: 'sub-facts' },
      facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
    h('div', { className: 'actions' }, toggle, rotate, remove),
    deliveriesSection(ctx, x, id, page, fail, say),
    replayForm(ctx, x, id, say),
    feedKeySection(ctx, x, sub),
  ];
}

function deliveriesSection(
  ctx: Ctx,
  x: SubsStrings,
  id: string,
  first: { items: Delivery[]; nextCursor: string | null },
  fail: (err: unknown) => void,
  say: (text: string) => void,
): HTMLElement {
  const list = h('ol', { id: 'deliveries', className: 'deliveries' });
  const redeliver = (d: Delivery) => {
    const b = h(
      'button',
      { type: 'button', className: 'secondary small', 'data-redeliver': d.id },
      x.redeliver,
      h('span', { className: 'visually-hidden' }, ` (${x.event(d.seq)})`),
    );
    b.addEventListener('click', () => {
      subsApi
        .redeliver(id, d.id)
        .then(() => {
          say(x.redelivered);
          void refresh(true);
        })
        .catch(fail);
    });
    return b;
  };
  const draw = (items: Delivery[]) => {
    if (items.length === 0) replace(list, h('li', { className: 'empty' }, x.noDeliveries));
    else
      replace(
        list,
        items.map((d) => deliveryItem(ctx, x, d, redeliver(d))),
      );
  };
  draw(first.items);
  const refresh = async (force: boolean) => {
    // never redraw under the keyboard focus (it would be lost)
    if (!force && list.contains(document.activeElement)) return;
    const page = await subsApi.deliveries(id);
    draw(page.items);
  };
  const timer = setInterval(() => void refresh(false).catch(() => undefined), POLL_MS);
  onLeave(() => clearInterval(timer));
  const refreshButton = h('button', { type: 'button', className: 'secondary' }, x.refresh);
  refreshButton.addEventListener('click', () => void refresh(true).catch(fail));
  return h(
    'section',
    { className: 'deliveries-section', 'aria-labelledby': 'deliveries-heading' },
    h('h2', { id: 'deliveries-heading' }, x.deliveries),
    h('p', { className: 'help' }, x.deliveriesHelp, ' ', refreshButton),
    list,
  );
}

function replayForm(ctx: Ctx, x: SubsStrings, id: string, say: (t: string) => void): HTMLElement {
  const errs = fieldErrors('replay', x.fieldNames);
  const error = errs.of('after');
  const form = h(
    'form',
    { id: 'replay-form', className: 'panel', novalidate: true },
    h('h2', {}, x.replayTitle),
    h('p', { className: 'help', id: 'replay-help' }, x.replayHelp),
    errs.general,
    h(
      'div',
      { className: 'field narrow' },
      h('label', { for: 'replay-after' }, x.replayAfter),
      error,
      h('input', {
        id: 'replay-after',
        name: 'after',
        inputmode: 'numeric',
        value: '0',
        'aria-describedby': `replay-help ${error.id}`,
        'data-errs': 'replay',
        'data-field': 'after',
      }),
    ),
    h('button', { type: 'submit', id: 'replay' }, x.replay),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw = String(new FormData(form).get('after') ?? '').trim();
    errs.clear();
    // a number or not, the API says what is wrong with it (field by field)
    const after = /^\d+$/.test(raw) ? Number(raw) : raw;
    subsApi
      .replay(id, after as number)
      .then((r) => say(x.replayed(r.queued, r.through)))
      .catch((err: unknown) => errs.show(ctx, err));
  });
  return form;
}
