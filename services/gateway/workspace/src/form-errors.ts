// Errors of a form, as the publish form shows them: a summary that takes the focus (each entry a
// link to its field) and each message next to its field, the field marked aria-invalid; and the
// fields built with their error slots.

import { h } from './dom.ts';
import type { Attrs } from './dom.ts';

export interface FormError {
  /** The field's key (its error element is `err-<key>`), null for the form as a whole. */
  field: string | null;
  message: string;
}

export interface FormErrors {
  /** The summary box (place it at the top of the form). */
  summary: HTMLElement;
  /** The error element of a field (place it next to the field). */
  slot(field: string): HTMLElement;
  /** Shows these errors (none: clears them); `target` maps a field to the id to focus. */
  show(list: FormError[]): void;
}

/** Error display for one form; `target` gives the id of the input a field's link focuses. */
export function formErrors(
  s: { errorSummary: string; fixErrors: (n: number) => string },
  form: () => HTMLElement,
  target: (field: string) => string = (f) => f,
): FormErrors {
  const slots = new Map<string, HTMLElement>();
  const summary = h('div', { className: 'error-summary', tabindex: -1, hidden: true });
  summary.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a[data-field]');
    if (!a) return;
    e.preventDefault();
    document.getElementById(a.getAttribute('href')!.slice(1))?.focus();
  });
  return {
    summary,
    slot(field) {
      const el = h('p', { id: `err-${field}`, className: 'field-error', hidden: true });
      slots.set(field, el);
      return el;
    },
    show(list) {
      for (const el of slots.values()) {
        el.hidden = true;
        el.textContent = '';
      }
      for (const el of form().querySelectorAll('[aria-invalid]'))
        el.removeAttribute('aria-invalid');
      summary.replaceChildren();
      summary.hidden = list.length === 0;
      if (list.length === 0) return;
      const items = list.map(({ field, message }) => {
        const el = field ? slots.get(field) : undefined;
        if (!el || !field) return h('li', {}, message);
        el.hidden = false;
        el.textContent = el.textContent ? `${el.textContent} ${message}` : message;
        document.getElementById(target(field))?.setAttribute('aria-invalid', 'true');
        return h('li', {}, h('a', { href: `#${target(field)}`, 'data-field': field }, message));
      });
      summary.append(
        h('h2', {}, s.errorSummary),
        h('p', {}, s.fixErrors(list.length)),
        h('ul', {}, items),
      );
      summary.focus();
    },
  };
}

/** A field: the label of `control`, the error slot of `key`, the control (described by it). */
export function labelledField(
  errors: FormErrors,
  key: string,
  label: string,
  control: HTMLElement,
): HTMLElement {
  control.setAttribute('aria-describedby', `err-${key}`);
  return h(
    'div',
    { className: 'field' },
    h('label', { for: control.id }, label),
    errors.slot(key),
    control,
  );
}

/** A choice of one of `options` ([value, label]), radios named `name` (ids `<name>-<value>`). */
export function radioGroup(
  errors: FormErrors,
  name: string,
  legend: string,
  options: readonly (readonly [string, string])[],
  checked: string | undefined,
  attrs: Attrs = {},
): HTMLElement {
  return h(
    'fieldset',
    { ...attrs, className: 'checks', 'aria-describedby': `err-${name}` },
    h('legend', {}, legend),
    errors.slot(name),
    options.map(([value, label]) =>
      h(
        'label',
        { className: 'check' },
        h('input', {
          type: 'radio',
          name,
          value,
          id: `${name}-${value}`,
          checked: checked === value,
        }),
        ` ${label}`,
      ),
    ),
  );
}
