// On an item's page, for its publisher only: revise (a link to the form) and withdraw (after a
// confirmation, with If-Match and an Idempotency-Key).

import { ApiError, api } from './api.ts';
import type { Item } from './api.ts';
import { errorText } from './catalogue.ts';
import type { Ctx } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { FORM_STRINGS } from './i18n-forms.ts';
import type { Collection } from './router.ts';

/** The owner's actions on an active item (nothing for anyone else). */
export function ownerActions(ctx: Ctx, collection: Collection, item: Item): Child {
  const { session } = ctx;
  if (
    !session ||
    session.role !== 'publisher' ||
    session.participant !== item.participant ||
    item.status !== 'active'
  )
    return null;
  const f = FORM_STRINGS[ctx.lang];
  const key = `app-${crypto.randomUUID()}`;
  const status = h('p', { id: 'withdraw-error', className: 'error', role: 'alert' });
  const reason = h('textarea', { id: 'withdraw-reason', name: 'reason', rows: 2 });
  const confirmButton = h('button', { type: 'submit', id: 'confirm-withdraw' }, f.confirmWithdraw);
  const cancel = h(
    'button',
    { type: 'button', id: 'cancel-withdraw', className: 'button secondary' },
    f.cancel,
  );
  const confirmBox = h(
    'form',
    {
      id: 'withdraw-confirm',
      className: 'confirm',
      hidden: true,
      tabindex: -1,
      'aria-labelledby': 'withdraw-heading',
      novalidate: true,
    },
    h('h2', { id: 'withdraw-heading' }, f.withdrawTitle),
    h('p', {}, f.withdrawHelp),
    h('div', { className: 'field' }, h('label', { for: 'withdraw-reason' }, f.reasonField), reason),
    status,
    h('div', { className: 'actions' }, confirmButton, cancel),
  );
  const withdrawButton = h(
    'button',
    {
      type: 'button',
      id: 'withdraw',
      className: 'button secondary',
      'aria-expanded': 'false',
      'aria-controls': 'withdraw-confirm',
    },
    f.withdraw,
  );
  const open = (yes: boolean) => {
    confirmBox.hidden = !yes;
    withdrawButton.setAttribute('aria-expanded', String(yes));
    if (yes) confirmBox.focus();
    else withdrawButton.focus();
  };
  withdrawButton.addEventListener('click', () => open(true));
  cancel.addEventListener('click', () => open(false));

  let inFlight = false;
  confirmBox.addEventListener('submit', (e) => {
    e.preventDefault();
    if (inFlight) return;
    inFlight = true;
    status.textContent = '';
    confirmButton.setAttribute('aria-disabled', 'true');
    confirmButton.textContent = f.withdrawing;
    const why = reason.value.trim();
    api
      .write('DELETE', `/v1/${collection}/${item.id}`, why ? { reason: why } : undefined, {
        'idempotency-key': key,
        'if-match': `"${item.version}"`,
      })
      .then((result) => {
        ctx.announce(f.withdrawnDone);
        ctx.navigate(`/app/${collection}/${item.id}?minSeq=${result.seq}`, true);
      })
      .catch(async (err: unknown) => {
        if (err instanceof ApiError && err.status === 412) {
          const now = await api.item(collection, item.id).catch(() => item);
          status.replaceChildren(
            `${f.withdrawStale(now.version)} `,
            h('a', { href: `/app/${collection}/${item.id}` }, f.readCurrent),
          );
        } else status.textContent = errorText(ctx, err);
      })
      .finally(() => {
        inFlight = false;
        confirmButton.removeAttribute('aria-disabled');
        confirmButton.textContent = f.confirmWithdraw;
      });
  });

  return h(
    'section',
    { className: 'owner', 'aria-label': f.ownerActions },
    h(
      'div',
      { className: 'actions' },
      h(
        'a',
        { className: 'button', id: 'revise', href: `/app/${collection}/${item.id}/edit` },
        f.revise,
      ),
      withdrawButton,
    ),
    confirmBox,
  );
}
