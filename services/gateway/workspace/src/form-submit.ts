// The submission of a workspace form that writes: one at a time, the button busy meanwhile, one
// Idempotency-Key for as long as the same request is sent again; and a refusal's errors[] shown
// field by field.

import { ApiError } from './api.ts';
import { newKey } from './api-my-work.ts';
import { errorText } from './catalogue.ts';
import type { Ctx } from './context.ts';
import type { FormError, FormErrors } from './form-errors.ts';

export interface Submission<B, R> {
  /** What to send, read from the form; null when nothing is (the form already says why). */
  read(): B | null;
  /** Sends it with its Idempotency-Key. */
  send(request: B, key: string): Promise<R>;
  /** After a success. */
  done(result: R): void;
  /** After a failure. */
  failed(err: unknown): void | Promise<void>;
  /** The button's text while sending. */
  busy: string;
  /** The button's text otherwise. */
  idle(): string;
}

/**
 * Handles the submissions of `form`. A double click sends once (the first is on its way); a retry
 * of the same request (after a failure) keeps its Idempotency-Key, a changed one gets a new key.
 */
export function submitOnce<B, R>(
  form: HTMLFormElement,
  button: HTMLElement,
  s: Submission<B, R>,
): void {
  let key = newKey();
  let keyBody = '';
  let inFlight = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (inFlight) return;
    const request = s.read();
    if (request === null) return;
    const json = JSON.stringify(request);
    if (json !== keyBody) {
      key = newKey();
      keyBody = json;
    }
    inFlight = true;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = s.busy;
    s.send(request, key)
      .then((result) => s.done(result))
      .catch((err: unknown) => s.failed(err))
      .finally(() => {
        inFlight = false;
        button.removeAttribute('aria-disabled');
        button.textContent = s.idle();
      });
  });
}

/**
 * Shows why a write failed: each of the problem's errors[] where `place` puts it (the same message
 * for the same field once), or — none listed — what went wrong, for the form as a whole.
 */
export function showRefusal(
  ctx: Ctx,
  errors: FormErrors,
  err: unknown,
  place: (e: { path: string; message: string }) => FormError,
): void {
  const list = err instanceof ApiError ? (err.problem?.errors ?? []) : [];
  if (list.length === 0) {
    errors.show([{ field: null, message: errorText(ctx, err) }]);
    return;
  }
  const shown: FormError[] = [];
  for (const x of list) {
    const e = place(x);
    if (!shown.some((s) => s.field === e.field && s.message === e.message)) shown.push(e);
  }
  errors.show(shown);
}
