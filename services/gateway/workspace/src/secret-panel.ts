import type { Ctx } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { subsStrings } from './subscriptions-view.ts';

/** A secret (or key) shown once: read-only text, a copy button, the warning. */
export function secretPanel(
  ctx: Ctx,
  id: string,
  title: string,
  label: string,
  value: string,
  extra: Child = '',
  warning = subsStrings(ctx).secretOnce,
): HTMLElement {
  const x = subsStrings(ctx);
  const input = h('input', {
    id: `${id}-value`,
    readonly: true,
    value,
    className: 'secret',
    spellcheck: 'false',
    autocomplete: 'off',
  });
  const copy = h('button', { type: 'button', id: `${id}-copy`, className: 'secondary' }, x.copy);
  copy.addEventListener('click', () => {
    const done = () => ctx.announce(x.copied);
    const fallback = () => {
      input.select();
      ctx.announce(x.copyFailed);
    };
    if (navigator.clipboard) navigator.clipboard.writeText(value).then(done, fallback);
    else fallback();
  });
  return h(
    'section',
    { id, className: 'panel secret-panel', 'aria-labelledby': `${id}-title`, tabindex: -1 },
    h('h2', { id: `${id}-title` }, title),
    h('p', { className: 'warning' }, warning),
    h('label', { for: `${id}-value` }, label),
    h('div', { className: 'copy-row' }, input, copy),
    extra,
  );
}
