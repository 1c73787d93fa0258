import type { FollowUpStatus } from '@rcpx/contracts';
import { ApiError } from './api.ts';
import { myWorkApi } from './api-my-work.ts';
import type { TrackedOutcome } from './api-my-work.ts';
import { errorText } from './catalogue.ts';
import type { Ctx } from './context.ts';
import { formatDate, minSeqOf, participantName } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { formErrors, labelledField, radioGroup } from './form-errors.ts';
import { showRefusal, submitOnce } from './form-submit.ts';
import { LANG_NAMES } from './i18n.ts';
import { notFoundView } from './item-view.ts';
import { followUpBody, simpleFieldOf } from './my-work-logic.ts';
import { mw, signInFirst, textOf } from './my-work-view.ts';

/** The statuses a report may have, in their order of progress. */
export const STATUSES = [
  'not-started',
  'planned',
  'in-progress',
  'implemented',
  'dropped',
] as const satisfies readonly FollowUpStatus[];

type Report = TrackedOutcome['latest'][number];

/** A recommendation page's first read: its follow-up history (also started at page load). */
export const firstReads = (route: { meetingId: string; ref: string; query: URLSearchParams }) =>
  myWorkApi.followUpHistory(route.meetingId, route.ref, minSeqOf(route.query));

/** `/app/follow-ups/<meeting>/<ref>`: a recommendation, its reports, and my report form. */
export async function followUpView(
  ctx: Ctx,
  meetingId: string,
  ref: string,
  query: URLSearchParams,
): Promise<Child[]> {
  const m = mw(ctx);
  const me = ctx.session?.participant;
  if (!me) return signInFirst(ctx, m.recommendation);
  let outcome: TrackedOutcome;
  let reports: Report[];
  try {
    const found = await firstReads({ meetingId, ref, query });
    outcome = found.outcome;
    reports = found.items;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFoundView(ctx);
    return [
      h('h1', { tabindex: -1 }, m.recommendation),
      h('p', { role: 'alert' }, errorText(ctx, e)),
    ];
  }
  const may = outcome.addressees.includes(me) || outcome.participant === me;
  const facts: [string, Child][] = [
    [
      m.meeting,
      h('a', { href: `/app/meetings/${outcome.meetingId}` }, textOf(ctx, outcome.meeting.title)),
    ],
    [ctx.s.by, participantName(ctx, outcome.participant)],
    [
      m.due,
      outcome.dueOn
        ? [
            h('time', { datetime: outcome.dueOn }, formatDate(ctx, outcome.dueOn)),
            outcome.overdue ? h('span', { className: 'badge overdue' }, m.overdue) : '',
          ]
        : m.noDue,
    ],
    [m.addressees, outcome.addressees.map((p) => participantName(ctx, p)).join(', ') || '—'],
  ];
  return [
    h('p', { className: 'crumbs' }, h('a', { href: '/app/my-work' }, m.back)),
    h(
      'h1',
      { tabindex: -1, id: 'outcome-title' },
      textOf(ctx, outcome.title ?? outcome.text, ctx.s.words[outcome.kind] ?? outcome.kind),
    ),
    outcome.title ? h('p', { className: 'content' }, textOf(ctx, outcome.text)) : '',
    h(
      'dl',
      { className: 'facts' },
      facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
    h(
      'section',
      { id: 'reports', 'aria-labelledby': 'reports-heading' },
      h('h2', { id: 'reports-heading' }, m.reports),
      reports.length === 0
        ? h('p', { className: 'empty' }, m.noReports)
        : h(
            'ol',
            { className: 'cards', reversed: true },
            [...reports]
              .reverse()
              .map((r) =>
                h(
                  'li',
                  { className: 'card', 'data-participant': r.participant },
                  h(
                    'p',
                    { className: 'meta' },
                    h('strong', {}, participantName(ctx, r.participant)),
                    ` · ${m.statuses[r.status] ?? r.status} · `,
                    h('time', { datetime: r.time }, formatDate(ctx, r.time, true)),
                  ),
                  h('p', {}, textOf(ctx, r.text)),
                  r.countries.length > 0
                    ? h('p', { className: 'meta' }, r.countries.join(', '))
                    : '',
                  linksOf(r.links),
                ),
              ),
          ),
    ),
    may
      ? followUpForm(
          ctx,
          outcome,
          reports.findLast((r) => r.participant === me),
        )
      : h('p', { className: 'note' }, m.notAddressee),
  ];
}

/** A report's links (web addresses only are links; anything else is shown as text). */
function linksOf(links: readonly unknown[]): Child {
  if (links.length === 0) return '';
  return h(
    'ul',
    { className: 'report-links' },
    links.map((l) => {
      const url = typeof l === 'string' ? l : String((l as { url?: unknown }).url ?? '');
      const title = typeof l === 'string' ? l : String((l as { title?: unknown }).title ?? url);
      return h(
        'li',
        {},
        /^https?:\/\//.test(url) ? h('a', { href: url, rel: 'noopener noreferrer' }, title) : title,
      );
    }),
  );
}

const FIELDS = ['status', 'text', 'countries', 'links'];

function followUpForm(ctx: Ctx, outcome: TrackedOutcome, mine: Report | undefined): Node {
  const m = mw(ctx);
  const errors = formErrors(
    m,
    () => form,
    (f) => (f === 'status' ? `status-${STATUSES[0]}` : `fu-${f}`),
  );
  const button = h('button', { type: 'submit', id: 'send-follow-up' }, m.followUpSubmit);
  const form: HTMLFormElement = h(
    'form',
    { id: 'follow-up-form', className: 'panel', novalidate: true },
    h('h2', {}, m.followUpTitle),
    h('p', { className: 'help' }, m.followUpHelp(LANG_NAMES[ctx.lang])),
    errors.summary,
    radioGroup(
      errors,
      'status',
      m.statusField,
      STATUSES.map((st) => [st, m.statuses[st] ?? st] as const),
      mine?.status,
      { id: 'fu-status' },
    ),
    labelledField(
      errors,
      'text',
      m.followUpText,
      h('textarea', { id: 'fu-text', name: 'text', rows: 5, lang: ctx.lang }),
    ),
    labelledField(
      errors,
      'countries',
      m.countriesField,
      h('input', { id: 'fu-countries', name: 'countries', autocomplete: 'off' }),
    ),
    labelledField(
      errors,
      'links',
      m.linksField,
      h('textarea', { id: 'fu-links', name: 'links', rows: 3 }),
    ),
    button,
  );
  submitOnce(form, button, {
    read() {
      const data = new FormData(form);
      const str = (k: string) => String(data.get(k) ?? '');
      return followUpBody(
        {
          status: str('status'),
          text: str('text'),
          countries: str('countries'),
          links: str('links'),
        },
        ctx.lang,
      );
    },
    send: (body, key) => myWorkApi.reportFollowUp(outcome.meetingId, outcome.ref, body, key),
    done(r) {
      ctx.announce(m.followUpSent);
      ctx.navigate(`/app/follow-ups/${outcome.meetingId}/${outcome.ref}?minSeq=${r.seq}`, true);
    },
    failed: (err) =>
      showRefusal(ctx, errors, err, (x) => {
        const field = simpleFieldOf(x.path, FIELDS);
        const message = field === 'status' ? m.errStatus : field === 'text' ? m.errText : x.message;
        return { field, message };
      }),
    busy: m.sending,
    idle: () => m.followUpSubmit,
  });
  return form;
}
