import { myWorkApi } from './api-my-work.ts';
import type { Ctx } from './context.ts';
import { h, replace } from './dom.ts';
import type { Child } from './dom.ts';
import { formErrors, labelledField } from './form-errors.ts';
import { showRefusal, submitOnce } from './form-submit.ts';
import { LANG_NAMES } from './i18n.ts';
import { addDays, launchBody, launchFieldOf, nextRef } from './my-work-logic.ts';
import type { LaunchFields } from './my-work-logic.ts';
import { mw, signInFirst } from './my-work-view.ts';

const MAX_QUESTIONS = 20;

/** `/app/queries/new`: launch a query; the API's errors[] next to their fields. */
export function launchQueryView(ctx: Ctx): Child[] {
  const m = mw(ctx);
  const me = ctx.session?.participant;
  if (!me) return signInFirst(ctx, m.launchTitle);
  const heading = h('h1', { tabindex: -1 }, m.launchTitle);
  if (ctx.session?.role !== 'publisher') return [heading, h('p', {}, ctx.s.notPublisher)];

  const errors = formErrors(
    m,
    () => form,
    (f) => (f === 'questions' ? 'q-0-text' : f),
  );
  const today = new Date().toISOString().slice(0, 10);
  let questions: { ref: string; text: string }[] = [{ ref: 'q1', text: '' }];
  const list = h('div', { id: 'question-list' });
  const addButton = h(
    'button',
    { type: 'button', id: 'add-question', className: 'button secondary' },
    m.addQuestion,
  );

  /** What the question rows hold now. */
  const readQuestions = () =>
    questions.map((_, i) => ({
      ref: (document.getElementById(`q-${i}-ref`) as HTMLInputElement | null)?.value ?? '',
      text: (document.getElementById(`q-${i}-text`) as HTMLTextAreaElement | null)?.value ?? '',
    }));
  const drawQuestions = () => {
    replace(
      list,
      questions.map((x, i) =>
        h(
          'fieldset',
          { className: 'question', 'data-index': i },
          h('legend', {}, m.question(i + 1)),
          labelledField(
            errors,
            `q-${i}-text`,
            m.textField,
            h('textarea', { id: `q-${i}-text`, rows: 3, lang: ctx.lang }, x.text),
          ),
          labelledField(
            errors,
            `q-${i}-ref`,
            m.refField,
            h('input', {
              id: `q-${i}-ref`,
              value: x.ref,
              autocomplete: 'off',
              spellcheck: 'false',
            }),
          ),
          questions.length > 1
            ? h(
                'button',
                {
                  type: 'button',
                  className: 'button secondary remove-question',
                  onclick: () => {
                    questions = readQuestions().filter((_, j) => j !== i);
                    drawQuestions();
                    addButton.focus();
                  },
                },
                m.removeQuestion(i + 1),
              )
            : '',
        ),
      ),
    );
    addButton.hidden = questions.length >= MAX_QUESTIONS;
  };
  addButton.addEventListener('click', () => {
    const current = readQuestions();
    questions = [
      ...current,
      {
        ref: nextRef(
          current.map((x) => x.ref),
          current.length + 1,
        ),
        text: '',
      },
    ];
    drawQuestions();
    document.getElementById(`q-${questions.length - 1}-text`)?.focus();
  });

  const check = (name: string, value: string, label: string) =>
    h('label', { className: 'check' }, h('input', { type: 'checkbox', name, value }), ` ${label}`);
  const chosen = h(
    'fieldset',
    { id: 'chosen', className: 'checks', hidden: true },
    h('legend', {}, m.askList),
    h(
      'div',
      { className: 'check-grid' },
      ctx.participants.filter((p) => p.slug !== me).map((p) => check('addressees', p.slug, p.name)),
    ),
  );
  const radio = (value: string, label: string, checked = false) =>
    h(
      'label',
      { className: 'check' },
      h('input', { type: 'radio', name: 'ask', value, checked }),
      ` ${label}`,
    );
  const button = h('button', { type: 'submit', id: 'launch-submit' }, m.launchSubmit);
  const form: HTMLFormElement = h(
    'form',
    { id: 'launch-form', className: 'panel', novalidate: true },
    h('p', { className: 'help' }, m.launchHelp(LANG_NAMES[ctx.lang])),
    errors.summary,
    labelledField(
      errors,
      'title',
      m.titleField,
      h('input', { id: 'title', name: 'title', lang: ctx.lang }),
    ),
    h(
      'fieldset',
      { id: 'questions' },
      h('legend', {}, m.questionsField),
      errors.slot('questions'),
      list,
      addButton,
    ),
    h(
      'fieldset',
      { id: 'themes', className: 'checks', 'aria-describedby': 'err-themes' },
      h('legend', {}, m.themesField),
      errors.slot('themes'),
      h(
        'div',
        { className: 'check-grid' },
        ctx.themes.map((t) => check('themes', t.slug, t.labels[ctx.lang])),
      ),
    ),
    h(
      'fieldset',
      { id: 'addressees', className: 'checks', 'aria-describedby': 'err-addressees' },
      h('legend', {}, m.askField),
      errors.slot('addressees'),
      radio('everyone', m.askEveryone, true),
      radio('chosen', m.askChosen),
      chosen,
    ),
    labelledField(
      errors,
      'deadline',
      m.deadlineField,
      h('input', {
        id: 'deadline',
        name: 'deadline',
        type: 'date',
        min: addDays(today, 1),
        max: addDays(today, 90),
        value: addDays(today, 21),
      }),
    ),
    button,
  );
  form.addEventListener('change', () => {
    chosen.hidden = new FormData(form).get('ask') !== 'chosen';
  });
  drawQuestions();

  const fields = (): LaunchFields => {
    const data = new FormData(form);
    return {
      title: String(data.get('title') ?? ''),
      questions: readQuestions(),
      themes: data.getAll('themes').map(String),
      ask: data.get('ask') === 'chosen' ? 'chosen' : 'everyone',
      addressees: data.getAll('addressees').map(String),
      deadline: String(data.get('deadline') ?? ''),
    };
  };
  const messageOf = (field: string | null, path: string, message: string): string => {
    if (field === 'title' && path.startsWith('body.title')) return m.errTitle;
    if (field === 'themes' && path === 'body.themes') return m.errThemes;
    if (field === 'deadline') return m.errDeadline;
    if (field?.endsWith('-text') && /required|at least one/.test(message)) {
      return m.errQuestionText;
    }
    return message;
  };

  submitOnce(form, button, {
    read: () => launchBody(fields(), ctx.lang),
    send: (body, key) => myWorkApi.launch(body, key),
    done(r) {
      ctx.announce(m.launched);
      ctx.navigate(`/app/queries/${r.id}?minSeq=${r.seq}`);
    },
    // one message per field (a title refused in three languages says it once)
    failed: (err) =>
      showRefusal(ctx, errors, err, (x) => {
        const field = launchFieldOf(x.path);
        return { field, message: messageOf(field, x.path, x.message) };
      }),
    busy: m.sending,
    idle: () => m.launchSubmit,
  });
  return [heading, form];
}
