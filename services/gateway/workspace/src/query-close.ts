import { myWorkApi, newKey } from './api-my-work.ts';
import { errorText } from './catalogue.ts';
import type { Ctx } from './context.ts';
import { h } from './dom.ts';
import { MY_WORK_STRINGS } from './i18n-my-work.ts';

/**
 * "Close the query", confirmed in place: the button opens a question with "Yes, close it" and
 * "Cancel" (focus moves to it and back; Escape cancels); `closed(seq)` runs once the close is
 * written.
 */
export function closeControl(ctx: Ctx, id: string, closed: (seq: number) => void): HTMLElement {
  const m = MY_WORK_STRINGS[ctx.lang];
  const key = newKey();
  const open = h('button', { type: 'button', className: 'button secondary close-query' }, m.close);
  const error = h('p', { className: 'error', role: 'alert', hidden: true });
  const yes = h('button', { type: 'button', className: 'button danger confirm-close' }, m.closeYes);
  const no = h('button', { type: 'button', className: 'button secondary' }, m.cancel);
  const question = h('p', { tabindex: -1, className: 'confirm-text' }, m.closeConfirm);
  const confirm = h(
    'div',
    { className: 'confirm', role: 'group', 'aria-label': m.close, hidden: true },
    question,
    h('div', { className: 'actions' }, yes, no),
    error,
  );
  open.addEventListener('click', () => {
    open.hidden = true;
    confirm.hidden = false;
    question.focus();
  });
  const cancel = () => {
    confirm.hidden = true;
    open.hidden = false;
    open.focus();
  };
  no.addEventListener('click', cancel);
  confirm.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') cancel();
  });
  let busy = false;
  yes.addEventListener('click', () => {
    if (busy) return;
    busy = true;
    yes.setAttribute('aria-disabled', 'true');
    myWorkApi
      .close(id, key)
      .then((r) => {
        ctx.announce(m.closed);
        closed(r.seq);
      })
      .catch((e: unknown) => {
        error.hidden = false;
        error.textContent = errorText(ctx, e);
      })
      .finally(() => {
        busy = false;
        yes.removeAttribute('aria-disabled');
      });
  });
  return h('div', { className: 'close-control' }, open, confirm);
}
