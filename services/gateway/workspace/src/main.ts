import { PARTICIPANTS, THEMES } from '@rcpx/contracts';
import { api, dropEarlyReads } from './api.ts';
import type { SessionInfo } from './api.ts';
import { catalogueView } from './catalogue.ts';
import { followUpView } from './follow-up-view.ts';
import { MY_WORK_STRINGS } from './i18n-my-work.ts';
import type { Ctx } from './context.ts';
import { participantName, warmDateFormat } from './context.ts';
import { byId, h, replace } from './dom.ts';
import type { Child } from './dom.ts';
import { LANGS, LANG_NAMES, STRINGS, pickLang } from './i18n.ts';
import { FORM_STRINGS } from './i18n-forms.ts';
import type { Lang } from './i18n.ts';
import { itemView, notFoundView } from './item-view.ts';
import { launchQueryView } from './launch-query-view.ts';
import { myWorkView } from './my-work-view.ts';
import { queryView } from './query-view.ts';
import { editView, publishView } from './form-view.ts';
import { rememberSession, startFirstReads } from './early-reads.ts';
import { COLLECTIONS, parseRoute } from './router.ts';
import { signInView } from './sign-in-view.ts';
import { subscriptionView } from './subscription-view.ts';
import { subsStrings, subscriptionsView } from './subscriptions-view.ts';
import { leaveView } from './view-lifecycle.ts';

// The secretariat workspace: one page, client-side routes under /app with shareable URLs.

const LANG_KEY = 'rcpx.lang';

const savedLang = (): string | null => {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
};

const ctx: Ctx = {
  lang: pickLang(
    new URLSearchParams(location.search).get('lang'),
    savedLang(),
    navigator.languages,
  ),
  s: STRINGS.en,
  session: null,
  // the registries are the exchange's own, bundled: nothing to wait for before the first view
  themes: THEMES,
  participants: PARTICIPANTS,
  navigate(url, replaceEntry = false) {
    if (replaceEntry) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    void render(true);
  },
  announce(message) {
    const el = byId('announce');
    el.textContent = '';
    setTimeout(() => (el.textContent = message), 50);
  },
  sessionChanged(session) {
    ctx.session = session;
    rememberSession(session);
    chrome();
  },
};
ctx.s = STRINGS[ctx.lang];

function setLang(lang: Lang): void {
  ctx.lang = lang;
  ctx.s = STRINGS[lang];
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', lang);
    history.replaceState(null, '', `${url.pathname}${url.search}`);
  }
  chrome();
  void render(false);
}

/** The header: sections, language switch, who is signed in. */
function chrome(): void {
  const { s, session } = ctx;
  document.documentElement.lang = ctx.lang;
  byId('skip').textContent = s.skip;
  byId('brand-text').textContent = s.brand;
  const path = location.pathname;
  const nav = byId('nav');
  nav.setAttribute('aria-label', s.sections);
  replace(
    nav,
    h(
      'ul',
      {},
      COLLECTIONS.map((c) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: `/app/${c}`,
              'aria-current':
                path.startsWith(`/app/${c}`) && !path.endsWith('/new') ? 'page' : null,
            },
            s[c],
          ),
        ),
      ),
      session?.role === 'publisher'
        ? h(
            'li',
            {},
            h(
              'a',
              {
                href: '/app/practices/new',
                'aria-current': /^\/app\/(?:practices|meetings|publications)\/new$/.test(path)
                  ? 'page'
                  : null,
              },
              FORM_STRINGS[ctx.lang].publishNav,
            ),
          )
        : null,
      session?.participant
        ? h(
            'li',
            {},
            h(
              'a',
              {
                href: '/app/subscriptions',
                'aria-current': path.startsWith('/app/subscriptions') ? 'page' : null,
              },
              subsStrings(ctx).subscriptions,
            ),
          )
        : null,
      session?.participant ? myWorkNav(path) : null,
    ),
  );
  const langs = byId('langs');
  langs.setAttribute('aria-label', s.language);
  replace(
    langs,
    LANGS.map((l) =>
      h(
        'button',
        {
          type: 'button',
          lang: l,
          'data-lang': l,
          'aria-pressed': String(l === ctx.lang),
          onclick: () => setLang(l),
        },
        h('span', { 'aria-hidden': 'true' }, l.toUpperCase()),
        h('span', { className: 'visually-hidden' }, LANG_NAMES[l]),
      ),
    ),
  );
  const who = byId('who');
  if (session) {
    const name = session.participant ? participantName(ctx, session.participant) : s.roles.admin!;
    replace(
      who,
      h('span', { id: 'whoami' }, s.signedInAs(name, s.roles[session.role] ?? session.role)),
      h('button', { type: 'button', id: 'sign-out', onclick: () => void signOut() }, s.signOut),
    );
  } else {
    const next = encodeURIComponent(location.pathname + location.search);
    replace(who, h('a', { id: 'sign-in-link', href: `/app/sign-in?next=${next}` }, s.signIn));
  }
}

/** The "My work" entry of the header (signed in as a participant). */
const myWorkNav = (path: string) =>
  h(
    'li',
    {},
    h(
      'a',
      {
        href: '/app/my-work',
        'aria-current': /^\/app\/(my-work|queries|follow-ups)(\/|$)/.test(path) ? 'page' : null,
      },
      MY_WORK_STRINGS[ctx.lang].nav,
    ),
  );

async function signOut(): Promise<void> {
  await api.signOut().catch(() => undefined);
  ctx.sessionChanged(null);
  ctx.announce(ctx.s.signedOut);
  void render(false);
}

let rendering = 0;

/** Draws the view of the current URL (`focus`: a navigation, move focus to its heading). */
async function render(focus: boolean): Promise<void> {
  const n = ++rendering;
  leaveView(); // the previous view's timers and live connection stop
  const route = parseRoute(location.pathname, location.search);
  const main = byId('main');
  main.setAttribute('aria-busy', 'true');
  let nodes: Child[];
  switch (route.view) {
    case 'list':
      nodes = await catalogueView(ctx, route.collection, route.query);
      break;
    case 'item':
      nodes = await itemView(ctx, route.collection, route.id, route.query);
      break;
    case 'publish':
      nodes = publishView(ctx, route.collection);
      break;
    case 'edit':
      nodes = await editView(ctx, route.collection, route.id);
      break;
    case 'sign-in':
      nodes = signInView(ctx, route.next);
      break;
    case 'subscriptions':
      nodes = await subscriptionsView(ctx);
      break;
    case 'subscription':
      nodes = await subscriptionView(ctx, route.id);
      break;
    case 'my-work':
      nodes = await myWorkView(ctx, new URLSearchParams(location.search));
      break;
    case 'launch-query':
      nodes = launchQueryView(ctx);
      break;
    case 'query':
      nodes = await queryView(ctx, route.id, new URLSearchParams(location.search));
      break;
    case 'follow-up':
      nodes = await followUpView(
        ctx,
        route.meetingId,
        route.ref,
        new URLSearchParams(location.search),
      );
      break;
    default:
      nodes = notFoundView(ctx);
  }
  if (n !== rendering) return; // a later navigation won
  chrome();
  replace(main, nodes);
  // which drawing this is (tests wait for the next one)
  main.dataset.render = `${performance.timeOrigin}-${n}`;
  main.setAttribute('aria-busy', 'false');
  const h1 = main.querySelector('h1');
  document.title = `${h1?.textContent ?? ''} · rcpx`;
  if (focus) h1?.focus();
  document.documentElement.dataset.ready = 'true';
  // a view drawn with its data (npm run bench:app reads the first one of a load)
  performance.mark('rcpx:view-rendered', { detail: route.view });
}

// Links inside the workspace change the view without reloading the page.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
    return;
  const a = (e.target as Element).closest('a');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !/^\/app(\/|$)/.test(url.pathname)) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  e.preventDefault();
  ctx.navigate(url.pathname + url.search);
});
window.addEventListener('popstate', () => void render(true));
// "Skip to content" moves the focus itself (a fragment alone does not in every browser).
byId('skip').addEventListener('click', (e) => {
  e.preventDefault();
  byId('main').focus();
});

/** The views that show dates (each after its first reads). */
const DATED_VIEWS: ReadonlySet<string> = new Set([
  'list',
  'item',
  'subscriptions',
  'subscription',
  'my-work',
  'query',
  'follow-up',
]);

async function start(): Promise<void> {
  chrome();
  // the view's first reads go along with the session check (they do not depend on it)
  const route = parseRoute(location.pathname, location.search);
  startFirstReads(route);
  // the first date formatter of a page costs ~30 ms: made while the reads are on their way
  // (the views that show dates wait for reads; the forms need none)
  if (DATED_VIEWS.has(route.view)) setTimeout(() => warmDateFormat(ctx), 0);
  ctx.session = await api.session().catch((): SessionInfo | null => null);
  rememberSession(ctx.session);
  await render(false);
  dropEarlyReads();
}

void start();
