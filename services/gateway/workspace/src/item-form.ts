// The publish/revise form of every kind: errors[] next to their fields, one Idempotency-Key per
// submission, If-Match on a revision and, on 412, what changed meanwhile and a re-apply.

import { ApiError, api } from './api.ts';
import type { Item } from './api.ts';
import { errorText } from './catalogue.ts';
import { conflictPanel } from './conflict-panel.ts';
import type { Ctx } from './context.ts';
import { h, replace } from './dom.ts';
import type { Child } from './dom.ts';
import { errorElement, focusTarget, keyLabel, readState } from './form-fields.ts';
import { inputs } from './kind-inputs.ts';
import { createBody, errorKey, patchBody, rebase, stateOf } from './form-state.ts';
import type { FormState } from './form-state.ts';
import { submitOnce } from './form-submit.ts';
import { FORM_STRINGS } from './i18n-forms.ts';
import type { Collection } from './router.ts';

export type FormMode = { mode: 'create' } | { mode: 'revise'; item: Item };

/** The form of a kind (`mode`: a new item, or a revision of `item`). */
export function itemForm(ctx: Ctx, collection: Collection, how: FormMode): Child[] {
  const { s } = ctx;
  const f = FORM_STRINGS[ctx.lang];
  const revising = how.mode === 'revise';
  // the version being edited: what the user started from (moves on after a re-apply)
  let base = revising ? { item: how.item, state: stateOf(how.item) } : null;

  const summaryBox = h('div', {
    id: 'error-summary',
    className: 'error-summary',
    tabindex: -1,
    hidden: true,
  });
  const conflictSlot = h('div', { id: 'conflict-slot' });
  const button = h(
    'button',
    { type: 'submit', id: revising ? 'save' : 'publish' },
    revising ? f.saveRevision : s.submit,
  );
  const form = h('form', { id: `${collection}-form`, novalidate: true, className: 'panel' });
  const help = () =>
    h('p', { className: 'help' }, base ? f.reviseHelp(base.item.version) : s.publishHelp);
  const draw = (st: FormState) =>
    replace(form, help(), summaryBox, inputs(ctx, collection, st), button);
  draw(base ? base.state : stateOf({}));

  const showErrors = (list: { key: string | null; message: string }[]) => {
    for (const el of form.querySelectorAll<HTMLElement>('.field-error')) {
      el.hidden = true;
      el.textContent = '';
    }
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    summaryBox.replaceChildren();
    summaryBox.hidden = list.length === 0;
    if (list.length === 0) return;
    const items = list.map(({ key, message }) => {
      const el = key ? errorElement(form, key) : null;
      const target = key ? focusTarget(form, key, ctx.lang) : null;
      if (el) {
        el.hidden = false;
        el.textContent = el.textContent ? `${el.textContent} ${message}` : message;
      }
      target?.setAttribute('aria-invalid', 'true');
      return h(
        'li',
        {},
        target && key ? h('a', { href: `#${target.id}`, 'data-field': key }, message) : message,
      );
    });
    summaryBox.append(
      h('h2', {}, s.errorSummary),
      h('p', {}, s.fixErrors(list.length)),
      h('ul', {}, items),
    );
    summaryBox.focus();
  };
  summaryBox.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a[data-field]');
    if (!a) return;
    e.preventDefault();
    document.getElementById(a.getAttribute('href')!.slice(1))?.focus();
  });
  /** The field's label (an outcome's part: "Outcome 2 — Kind"). */
  const errorLabel = (path: string, key: string | null) => {
    if (!key) return path.replace(/^body\./, '');
    const part = /^body\.outcomes\.\d+\.(kind|text|addressees|dueOn)/.exec(path)?.[1];
    const parts = {
      kind: f.outcomeKind,
      text: f.outcomeText,
      addressees: f.addresseesField,
      dueOn: f.dueOnField,
    };
    return `${keyLabel(ctx, collection, key)}${part ? ` — ${parts[part as keyof typeof parts]}` : ''}`;
  };
  /** The API's usual messages in the UI language; others as they are. */
  const plainMessage = (m: string) =>
    /^Invalid option/.test(m)
      ? f.errChoose
      : /Invalid (ISO )?date/.test(m)
        ? f.errDate
        : /at least one of en, fr, es/.test(m)
          ? f.errLanguages
          : /Invalid URL/.test(m)
            ? f.errUrl
            : m;
  const apiErrors = (err: unknown) => {
    if (err instanceof ApiError && err.problem?.errors?.length) {
      showErrors(
        err.problem.errors.map((x) => {
          const key = errorKey(collection, x.path);
          const known =
            key === 'title' && /at least one of en, fr, es|required/.test(x.message)
              ? s.errTitle
              : key === 'themes' && x.path === 'body.themes'
                ? s.errThemes
                : null;
          return {
            key,
            message: known ?? `${errorLabel(x.path, key)}: ${plainMessage(x.message)}`,
          };
        }),
      );
    } else showErrors([{ key: null, message: errorText(ctx, err) }]);
  };

  /** On 412: the current version, what changed, and the re-apply button. */
  const conflict = async () => {
    if (!base) return;
    const current = await api.item(collection, base.item.id);
    const from = base;
    const to = { item: current, state: stateOf(current) };
    const panel = conflictPanel(
      ctx,
      collection,
      { version: from.item.version, state: from.state },
      { version: to.item.version, state: to.state },
      () => {
        const { state, conflicts } = rebase(collection, from.state, readState(form), to.state);
        base = to;
        draw(state);
        const note = h(
          'div',
          { id: 'reapplied', className: 'notice', role: 'status', tabindex: -1 },
          h('p', {}, f.reapplied(to.item.version)),
          conflicts.length > 0
            ? h(
                'p',
                {},
                f.bothChanged(conflicts.map((k) => keyLabel(ctx, collection, k)).join(', ')),
              )
            : null,
        );
        conflictSlot.replaceChildren(note);
        note.focus();
      },
    );
    conflictSlot.replaceChildren(panel);
    panel.focus();
  };

  submitOnce(form, button, {
    read() {
      const mine = readState(form);
      if (mine.visibility.level === '') {
        showErrors([{ key: 'visibility', message: s.chooseVisibility }]);
        return null;
      }
      if (!base) return { body: createBody(collection, mine), version: undefined };
      const body = patchBody(collection, base.state, mine, base.item);
      if (Object.keys(body).length === 0) {
        showErrors([{ key: null, message: f.noChange }]);
        return null;
      }
      return { body, version: base.item.version };
    },
    send: ({ body, version }, key) =>
      base
        ? api.write('PATCH', `/v1/${collection}/${base.item.id}`, body, {
            'idempotency-key': key,
            'if-match': `"${version}"`,
          })
        : api.write('POST', `/v1/${collection}`, body, { 'idempotency-key': key }),
    done(result) {
      ctx.announce(revising ? f.revisedDone : s.published);
      ctx.navigate(`/app/${collection}/${result.id}?minSeq=${result.seq}`);
    },
    async failed(err) {
      if (err instanceof ApiError && err.status === 412 && base) {
        showErrors([]);
        await conflict().catch((e: unknown) =>
          showErrors([{ key: null, message: errorText(ctx, e) }]),
        );
      } else apiErrors(err);
    },
    busy: revising ? f.saving : s.submitting,
    idle: () => (revising ? f.saveRevision : s.submit),
  });

  return [conflictSlot, form];
}
