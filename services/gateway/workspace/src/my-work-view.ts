import { myWorkApi } from './api-my-work.ts';
import type { QuerySummary, TrackedOutcome } from './api-my-work.ts';
import type { Ctx, Reader } from './context.ts';
import { formatDate, minSeqOf, participantName } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { localized } from './i18n.ts';
import { MY_WORK_STRINGS } from './i18n-my-work.ts';
import type { MyWorkStrings } from './i18n-my-work.ts';
import { MY_WORK_MORE_STRINGS } from './i18n-my-work-more.ts';
import { drawnWhenRead, everyPage, inScreenfuls, pagedCards } from './my-work-lists.ts';
import type { Paged } from './my-work-lists.ts';
import { closeControl } from './query-close.ts';

/** The strings of "My work" in the UI language. */
export const mw = (ctx: Ctx): MyWorkStrings => MY_WORK_STRINGS[ctx.lang];
const more = (ctx: Ctx) => MY_WORK_MORE_STRINGS[ctx.lang];

/** A localized value as a span marked with its language when not the UI's. */
export function textOf(ctx: Ctx, v: unknown, fallback = ''): HTMLElement {
  const t = localized(v, ctx.lang);
  return h('span', { lang: t && t.lang !== ctx.lang ? t.lang : null }, t?.text ?? fallback);
}

/** The page asking to sign in first (with the way back). */
export function signInFirst(ctx: Ctx, title: string): Child[] {
  const next = encodeURIComponent(location.pathname + location.search);
  return [
    h('h1', { tabindex: -1 }, title),
    h('p', {}, h('a', { href: `/app/sign-in?next=${next}` }, mw(ctx).needSignIn)),
  ];
}

/** My work's first reads as `who` (also started at page load: early-reads.ts). */
export function firstReads(route: { query: URLSearchParams }, who: Pick<Reader, 'me'>) {
  const { me } = who;
  const minSeq = minSeqOf(route.query);
  return [
    myWorkApi.awaiting(me, minSeq),
    myWorkApi.openQueries(minSeq),
    myWorkApi.launchedBy(me, minSeq),
    myWorkApi.addressedTo(me, minSeq),
  ] as const;
}

/**
 * `/app/my-work`: what awaits my reply, my queries, the recommendations addressed to me (most
 * urgent first). Drawn once what awaits my reply is read; the parts below it as their reads
 * arrive; each list a screenful at a time.
 */
export async function myWorkView(ctx: Ctx, query: URLSearchParams): Promise<Child[]> {
  const m = mw(ctx);
  const me = ctx.session?.participant;
  if (!me) return signInFirst(ctx, m.title);
  const minSeq = minSeqOf(query);
  // every read starts now (or was started at page load); only the first is waited for
  const [awaitingRead, openRead, mineRead, recsRead] = firstReads({ query }, { me });
  // one failing while the first is awaited is not an unhandled rejection: its part says it
  for (const read of [openRead, mineRead, recsRead]) read.catch(() => undefined);
  const [awaiting] = await Promise.allSettled([awaitingRead]);
  const nextAwaiting = (cursor: string) => myWorkApi.awaiting(me, minSeq, cursor);
  // what I still owe, every page of it (a query I owe is not one I replied to)
  const owed =
    awaiting.status === 'fulfilled'
      ? everyPage(awaiting.value, nextAwaiting).catch(() => awaiting.value.items)
      : Promise.resolve([]);
  const section = (id: string, title: string, ...body: Child[]) =>
    h(
      'section',
      { id, className: 'my-work', 'aria-labelledby': `${id}-heading` },
      h('h2', { id: `${id}-heading` }, title),
      body,
    );
  /** The cards of a list read, a line saying it is empty, or — the read failed — that it failed. */
  const cards = <T>(
    read: PromiseSettledResult<Paged<T>>,
    empty: string,
    card: (x: T) => HTMLElement,
    id?: string,
  ): Child =>
    read.status === 'rejected'
      ? h('p', { className: 'error', role: 'alert' }, m.loadFailed)
      : read.value.items.length === 0
        ? h('p', { className: 'empty' }, empty)
        : pagedCards(ctx, read.value, card, id);
  const owing: PromiseSettledResult<Paged<QuerySummary>> =
    awaiting.status === 'fulfilled'
      ? { status: 'fulfilled', value: inScreenfuls(awaiting.value, nextAwaiting) }
      : awaiting;
  return [
    h('h1', { tabindex: -1 }, m.title),
    section(
      'awaiting',
      m.awaiting,
      cards(owing, m.awaitingEmpty, (q) => queryCard(ctx, q, 'awaiting'), 'awaiting-list'),
      drawnWhenRead(ctx, Promise.all([openRead, owed]), (read) => {
        if (read.status === 'rejected') return '';
        const [open, owes] = read.value;
        const owedIds = new Set(owes.map((q) => q.id));
        const replied = open.items.filter(
          (q) => q.addressees.includes(me) && !owedIds.has(q.id) && q.participant !== me,
        );
        return replied.length > 0
          ? [
              h('h3', {}, m.replied),
              pagedCards(
                ctx,
                inScreenfuls({ items: replied, nextCursor: null }),
                (q) => queryCard(ctx, q, 'replied'),
                'replied',
              ),
            ]
          : '';
      }),
    ),
    section(
      'mine',
      m.mine,
      ctx.session?.role === 'publisher'
        ? h(
            'p',
            {},
            h('a', { href: '/app/queries/new', className: 'button', id: 'launch' }, m.launch),
          )
        : '',
      drawnWhenRead(
        ctx,
        mineRead.then((page) =>
          inScreenfuls(page, (cursor) => myWorkApi.launchedBy(me, minSeq, cursor)),
        ),
        (mine) => cards(mine, m.mineEmpty, (q) => queryCard(ctx, q, 'mine')),
      ),
    ),
    section(
      'recommendations',
      m.recommendations,
      h('p', { className: 'note' }, more(ctx).recommendationsOrder),
      drawnWhenRead(
        ctx,
        recsRead.then((page) =>
          inScreenfuls(page, (cursor) => myWorkApi.addressedTo(me, minSeq, cursor)),
        ),
        (recs) => cards(recs, m.recommendationsEmpty, (r) => recommendationCard(ctx, r, me)),
      ),
    ),
  ];
}

/** The days left before a query's deadline, in words (and the date). */
export function deadlineText(
  ctx: Ctx,
  q: Pick<QuerySummary, 'deadline' | 'daysLeft'>,
  label = true,
): Child {
  return [
    label ? `${mw(ctx).deadline}: ` : '',
    h('time', { datetime: q.deadline }, formatDate(ctx, q.deadline)),
    ' · ',
    h('strong', { className: 'days-left' }, mw(ctx).daysLeft(q.daysLeft)),
  ];
}

function queryCard(ctx: Ctx, q: QuerySummary, where: 'awaiting' | 'replied' | 'mine'): HTMLElement {
  const m = mw(ctx);
  const meta: Child[] =
    where === 'mine'
      ? [
          m.status[q.status] ?? q.status,
          ' · ',
          h('span', { className: 'reply-count' }, m.replies(q.replyCount)),
          ' · ',
          q.status === 'open'
            ? deadlineText(ctx, q)
            : [`${m.deadline}: `, formatDate(ctx, q.deadline)],
        ]
      : [m.from(participantName(ctx, q.participant)), ' · ', deadlineText(ctx, q)];
  return h(
    'li',
    { className: 'card', 'data-query': q.id },
    h('h3', {}, h('a', { href: `/app/queries/${q.id}` }, textOf(ctx, q.title, q.id))),
    h('p', { className: 'meta' }, meta),
    where === 'mine'
      ? h(
          'div',
          { className: 'actions' },
          h(
            'a',
            {
              href: `/v1/queries/${q.id}/compilation?lang=${ctx.lang}`,
              className: 'compilation',
              'aria-label': m.compilationOf(localized(q.title, ctx.lang)?.text ?? q.id),
            },
            m.compilation,
          ),
          q.status === 'open'
            ? closeControl(ctx, q.id, (seq) => ctx.navigate(`/app/my-work?minSeq=${seq}`, true))
            : '',
        )
      : '',
  );
}

function recommendationCard(ctx: Ctx, r: TrackedOutcome, me: string): HTMLElement {
  const m = mw(ctx);
  const mine = r.latest.find((x) => x.participant === me);
  return h(
    'li',
    { className: 'card', 'data-outcome': `${r.meetingId}/${r.ref}` },
    h(
      'h3',
      {},
      h(
        'a',
        { href: `/app/follow-ups/${r.meetingId}/${r.ref}` },
        textOf(ctx, r.title ?? r.text, r.ref),
      ),
      r.overdue ? h('span', { className: 'badge overdue' }, m.overdue) : '',
    ),
    h(
      'p',
      { className: 'meta' },
      `${m.meeting}: `,
      textOf(ctx, r.meeting.title),
      ` · ${participantName(ctx, r.participant)} · `,
      r.dueOn
        ? [`${m.due}: `, h('time', { datetime: r.dueOn }, formatDate(ctx, r.dueOn))]
        : m.noDue,
    ),
    h(
      'p',
      { className: 'meta' },
      mine ? m.myLatest(m.statuses[mine.status] ?? mine.status) : m.noReport,
    ),
  );
}
