import { ApiError, api } from './api.ts';
import { errorText } from './catalogue.ts';
import type { Ctx } from './context.ts';
import { participantName } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';

/** Sign in with a participant token: sent once to POST /v1/session, never kept. */
export function signInView(ctx: Ctx, next: string): Child[] {
  const { s } = ctx;
  const error = h('p', { id: 'token-error', className: 'field-error', hidden: true });
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'token-help',
  });
  const button = h('button', { type: 'submit' }, s.signIn);
  const form = h(
    'form',
    { className: 'panel', novalidate: true, id: 'sign-in' },
    h(
      'div',
      { className: 'field' },
      h('label', { for: 'token' }, s.token),
      h('p', { id: 'token-help', className: 'help' }, s.signInHelp),
      error,
      input,
    ),
    button,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const token = input.value.trim();
    button.disabled = true;
    void api
      .signIn(token)
      .then((session) => {
        input.value = '';
        ctx.sessionChanged(session);
        if (session)
          ctx.announce(
            s.signedInNow(
              session.participant ? participantName(ctx, session.participant) : s.roles.admin!,
            ),
          );
        ctx.navigate(next, true);
      })
      .catch((err: unknown) => {
        input.value = '';
        error.hidden = false;
        error.textContent =
          err instanceof ApiError && (err.status === 401 || err.status === 400)
            ? s.signInFailed
            : errorText(ctx, err);
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', 'token-error token-help');
        input.focus();
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return [h('h1', { tabindex: -1 }, s.signInTitle), form];
}
