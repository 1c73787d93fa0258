import { ApiError } from './api.ts';
import { myWorkApi } from './api-my-work.ts';
import type { QueryDetail } from './api-my-work.ts';
import { errorText } from './catalogue.ts';
import type { Ctx } from './context.ts';
import { formatDate, minSeqOf, participantName, themeLabel } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { formErrors } from './form-errors.ts';
import { showRefusal, submitOnce } from './form-submit.ts';
import { LANG_NAMES, localized } from './i18n.ts';
import { notFoundView } from './item-view.ts';
import { replyAnswers, simpleFieldOf } from './my-work-logic.ts';
import { deadlineText, mw, signInFirst, textOf } from './my-work-view.ts';
import { closeControl } from './query-close.ts';

type Reply = QueryDetail['replies'][number];

/** A query page's first read: the query (also started at page load: early-reads.ts). */
export const firstReads = (route: { id: string; query: URLSearchParams }) =>
  myWorkApi.query(route.id, minSeqOf(route.query));

/** `/app/queries/<id>`: a query, the replies I may read, my reply form; close and compile. */
export async function queryView(ctx: Ctx, id: string, query: URLSearchParams): Promise<Child[]> {
  const m = mw(ctx);
  const me = ctx.session?.participant;
  if (!me) return signInFirst(ctx, m.query);
  let q: QueryDetail;
  try {
    q = await firstReads({ id, query });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFoundView(ctx);
    return [h('h1', { tabindex: -1 }, m.query), h('p', { role: 'alert' }, errorText(ctx, e))];
  }
  const launcher = q.participant === me;
  const open = q.status === 'open' && q.daysLeft >= 0;
  const asked = q.addressees.includes(me) && !launcher;
  const mine = q.replies.find((r) => r.participant === me);
  const facts: [string, Child][] = [
    [m.launchedBy, participantName(ctx, q.participant)],
    [m.statusLabel, h('span', { id: 'query-status' }, m.status[q.status] ?? q.status)],
    [m.deadline, open ? deadlineText(ctx, q, false) : formatDate(ctx, q.deadline)],
    [m.themes, q.themes.map((t) => themeLabel(ctx, t)).join(', ')],
    [m.asked, q.addressees.map((p) => participantName(ctx, p)).join(', ') || m.everyone],
    [m.repliesHeading, h('span', { id: 'reply-count' }, m.replies(q.replyCount))],
  ];
  return [
    h('p', { className: 'crumbs' }, h('a', { href: '/app/my-work' }, m.back)),
    h('h1', { tabindex: -1, id: 'query-title' }, textOf(ctx, q.title, q.id)),
    h(
      'dl',
      { className: 'facts' },
      facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
    launcher
      ? h(
          'div',
          { className: 'actions' },
          h(
            'a',
            { href: `/v1/queries/${q.id}/compilation?lang=${ctx.lang}`, id: 'compilation' },
            m.compilation,
          ),
          q.status === 'open'
            ? closeControl(ctx, q.id, (seq) =>
                ctx.navigate(`/app/queries/${q.id}?minSeq=${seq}`, true),
              )
            : '',
        )
      : '',
    h('h2', {}, m.questions),
    h(
      'ol',
      { className: 'questions' },
      q.questions.map((x) => h('li', { 'data-ref': x.ref }, textOf(ctx, x.text, x.ref))),
    ),
    asked && open ? replyForm(ctx, q, mine) : '',
    asked && !open ? h('p', { className: 'note' }, m.closedNoReply) : '',
    repliesOf(ctx, q),
  ];
}

function repliesOf(ctx: Ctx, q: QueryDetail): Node {
  const m = mw(ctx);
  return h(
    'section',
    { id: 'replies', 'aria-labelledby': 'replies-heading' },
    h('h2', { id: 'replies-heading' }, m.repliesHeading),
    q.replies.length === 0
      ? h('p', { className: 'empty' }, m.noReplies)
      : q.replies.map((r) =>
          h(
            'article',
            { className: 'reply card', 'data-participant': r.participant },
            h('h3', {}, participantName(ctx, r.participant)),
            h(
              'p',
              { className: 'meta' },
              h('time', { datetime: r.updatedAt }, formatDate(ctx, r.updatedAt, true)),
            ),
            h(
              'dl',
              { className: 'answers' },
              r.answers.map((a) => {
                const n = q.questions.findIndex((x) => x.ref === a.ref);
                const question = q.questions[n];
                return [
                  h('dt', {}, question ? textOf(ctx, question.text, a.ref) : a.ref),
                  h('dd', {}, textOf(ctx, a.text)),
                ];
              }),
            ),
          ),
        ),
  );
}

function replyForm(ctx: Ctx, q: QueryDetail, mine: Reply | undefined): Node {
  const m = mw(ctx);
  const lang = LANG_NAMES[ctx.lang];
  let current = mine;
  const errors = formErrors(
    m,
    () => form,
    (f) =>
      f === 'answers'
        ? `answer-${q.questions[0]?.ref}`
        : f.startsWith('ans-')
          ? `answer-${q.questions[Number(f.slice(4))]?.ref}`
          : f,
  );
  const latest = new Map<string, HTMLElement>();
  const rows = q.questions.map((x, i) => {
    const id = `answer-${x.ref}`;
    const before = current?.answers.find((a) => a.ref === x.ref);
    const note = h('p', { className: 'note', hidden: true });
    latest.set(x.ref, note);
    return h(
      'div',
      { className: 'field' },
      h('label', { for: id }, `${m.question(i + 1)}: `, textOf(ctx, x.text, x.ref)),
      errors.slot(`ans-${i}`),
      h(
        'textarea',
        { id, name: x.ref, rows: 4, lang: ctx.lang, 'aria-describedby': `err-ans-${i}` },
        before ? ((before.text as Record<string, string>)[ctx.lang] ?? '') : '',
      ),
      note,
    );
  });
  const launcherName = participantName(ctx, q.participant);
  // launcher-only unless it names more (the effective audience may be narrower than public)
  const v = current?.visibility;
  const wasWide =
    !!v &&
    !(v.level === 'rcps' && v.rcps.every((p) => p === q.participant || p === current?.participant));
  const radio = (value: string, label: string, checked: boolean) =>
    h(
      'label',
      { className: 'check' },
      h('input', { type: 'radio', name: 'reply-visibility', value, checked }),
      ` ${label}`,
    );
  const button = h(
    'button',
    { type: 'submit', id: 'send-reply' },
    current ? m.saveRevision : m.sendReply,
  );
  const form = h(
    'form',
    { id: 'reply-form', className: 'panel', novalidate: true, 'aria-labelledby': 'reply-heading' },
    h('h2', { id: 'reply-heading' }, current ? m.reviseReply : m.yourReply),
    h('p', { className: 'help' }, current ? m.reviseHelp(lang) : m.replyHelp(lang)),
    errors.summary,
    errors.slot('answers'),
    rows,
    h(
      'fieldset',
      { id: 'reply-visibility', className: 'checks' },
      h('legend', {}, m.replyFor),
      radio('launcher', m.replyLauncher(launcherName), !wasWide),
      radio('public', m.replyAll, wasWide),
    ),
    button,
  );
  let answers: ReturnType<typeof replyAnswers> = [];
  submitOnce(form, button, {
    read() {
      const data = new FormData(form);
      const typed: Record<string, string> = {};
      for (const x of q.questions) typed[x.ref] = String(data.get(x.ref) ?? '');
      answers = replyAnswers(typed, ctx.lang, current?.answers ?? []);
      const wide = data.get('reply-visibility') === 'public';
      return {
        answers,
        visibility: wide ? { level: 'public' } : { level: 'rcps', rcps: [q.participant] },
      };
    },
    send: (body, key) =>
      current
        ? myWorkApi.reviseReply(q.id, current.participant, current.version, body)
        : myWorkApi.reply(q.id, body, key),
    done(r) {
      ctx.announce(current ? m.revisionSaved : m.replySent);
      ctx.navigate(`/app/queries/${q.id}?minSeq=${r.seq}`, true);
    },
    async failed(err) {
      if (err instanceof ApiError && err.status === 412 && current) {
        // changed in another tab: show what is saved now, keep what was typed
        const fresh = await myWorkApi.query(q.id).catch(() => null);
        current = fresh?.replies.find((r) => r.participant === current!.participant) ?? current;
        for (const [ref, note] of latest) {
          const a = current.answers.find((x) => x.ref === ref);
          note.hidden = !a;
          note.textContent = a ? `${m.latestSaved} ${localized(a.text, ctx.lang)?.text}` : '';
        }
        errors.show([{ field: null, message: m.stale }]);
        return;
      }
      showRefusal(ctx, errors, err, (x) => {
        const i = /^body\.answers\.(\d+)/.exec(x.path)?.[1];
        const field = i !== undefined ? answerField(q, answers, Number(i)) : null;
        if (field) return { field, message: x.message };
        return x.path === 'body.answers'
          ? { field: 'answers', message: m.errAnswers }
          : { field: simpleFieldOf(x.path, ['answers']), message: x.message };
      });
    },
    busy: m.sending,
    idle: () => (current ? m.saveRevision : m.sendReply),
  });
  return form;
}

/** The error slot of the nth answer sent (its question's position in the form). */
function answerField(q: QueryDetail, sent: { ref: string }[], n: number): string | null {
  const ref = sent[n]?.ref;
  const i = q.questions.findIndex((x) => x.ref === ref);
  return i === -1 ? null : `ans-${i}`;
}
