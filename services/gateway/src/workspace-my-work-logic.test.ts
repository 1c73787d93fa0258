import t from 'tap';
import { createApp, createLogger } from '@rcpx/service-kit';
import { LANGS } from '../workspace/src/i18n.ts';
import { MY_WORK_STRINGS } from '../workspace/src/i18n-my-work.ts';
import {
  MY_WORK_PATHS,
  addDays,
  adoptionBody,
  followUpBody,
  launchBody,
  launchFieldOf,
  nextRef,
  replyAnswers,
} from '../workspace/src/my-work-logic.ts';
import { parseRoute } from '../workspace/src/router.ts';
import { workspaceRoutes } from './workspace-routes.ts';

// "My work" without a browser: its routes (and the server answering them with the page), its
// forms' bodies, where an API error goes, and every label in every language.

const ID = '0b6f7f5e-3c2a-4b8e-9a51-6f1d2b7c9e10';

t.test('routes of "My work"', async (t) => {
  t.same(parseRoute('/app/my-work', ''), { view: 'my-work' });
  t.same(parseRoute('/app/my-work/', '?minSeq=4'), { view: 'my-work' });
  t.same(parseRoute('/app/queries/new', ''), { view: 'launch-query' });
  t.same(parseRoute(`/app/queries/${ID}`, ''), { view: 'query', id: ID });
  t.same(parseRoute(`/app/follow-ups/${ID}/focal-points`, ''), {
    view: 'follow-up',
    meetingId: ID,
    ref: 'focal-points',
  });
  for (const bad of [
    '/app/queries',
    '/app/queries/nope',
    `/app/queries/${ID}/more`,
    `/app/follow-ups/${ID}`,
    `/app/follow-ups/${ID}/Bad_Ref`,
    '/app/my-work/extra',
  ]) {
    t.same(parseRoute(bad, ''), { view: 'not-found' }, bad);
    t.notOk(MY_WORK_PATHS.test(bad), `${bad} is a 404 page`);
  }
  for (const good of [
    '/app/my-work',
    '/app/queries/new',
    `/app/queries/${ID}`,
    `/app/follow-ups/${ID}/focal-points`,
  ]) {
    t.ok(MY_WORK_PATHS.test(good), `${good} is a page`);
  }
  t.match(parseRoute('/app/practices', ''), { view: 'list' }, 'the catalogue is unchanged');
});

t.test('the launch form: body and errors', async (t) => {
  const fields = {
    title: ' Grants? ',
    questions: [
      { ref: 'grants', text: 'Do you run grants?' },
      { ref: 'q2', text: '  ' },
    ],
    themes: ['return-reintegration'],
    ask: 'everyone' as const,
    addressees: ['iom'],
    deadline: '2027-01-15',
  };
  t.same(launchBody(fields, 'fr'), {
    title: { fr: 'Grants?' },
    questions: [
      { ref: 'grants', text: { fr: 'Do you run grants?' } },
      { ref: 'q2', text: {} },
    ],
    themes: ['return-reintegration'],
    deadline: '2027-01-15',
  });
  t.same(launchBody({ ...fields, ask: 'chosen' }, 'en').addressees, ['iom'], 'chosen ones');
  t.equal(launchFieldOf('body.title'), 'title');
  t.equal(launchFieldOf('body.title.en'), 'title');
  t.equal(launchFieldOf('body.questions.1.text'), 'q-1-text');
  t.equal(launchFieldOf('body.questions.1.text.fr'), 'q-1-text');
  t.equal(launchFieldOf('body.questions.0.ref'), 'q-0-ref');
  t.equal(launchFieldOf('body.questions'), 'questions');
  t.equal(launchFieldOf('body.addressees.2'), 'addressees');
  t.equal(launchFieldOf('body.deadline'), 'deadline');
  t.equal(launchFieldOf('body.other'), null);
  t.equal(launchFieldOf('query.x'), null);
  t.equal(addDays('2026-12-20', 21), '2027-01-10');
  t.equal(nextRef(['q1', 'q2'], 2), 'q3');
  t.equal(nextRef(['grants'], 2), 'q2');
});

t.test('a reply keeps what it said in other languages', async (t) => {
  t.same(replyAnswers({ a: ' Yes ', b: '' }, 'en'), [{ ref: 'a', text: { en: 'Yes' } }]);
  t.same(
    replyAnswers({ a: 'Oui', b: '' }, 'fr', [
      { ref: 'a', text: { en: 'Yes' } },
      { ref: 'b', text: { fr: 'Non' } },
    ]),
    [{ ref: 'a', text: { en: 'Yes', fr: 'Oui' } }],
    'emptied in its only language: left out',
  );
  t.same(
    replyAnswers({ b: '' }, 'en', [{ ref: 'b', text: { fr: 'Non' } }]),
    [{ ref: 'b', text: { fr: 'Non' } }],
    'empty here, said in French: kept',
  );
});

t.test('follow-up and adoption bodies', async (t) => {
  t.same(
    followUpBody(
      { status: 'in-progress', text: ' Done ', countries: 'lk, np', links: 'https://a.org\n\n' },
      'en',
    ),
    {
      status: 'in-progress',
      text: { en: 'Done' },
      countries: ['LK', 'NP'],
      links: ['https://a.org'],
    },
  );
  t.same(followUpBody({ status: '', text: '', countries: '', links: '' }, 'es'), {
    status: '',
    text: {},
  });
  t.same(adoptionBody({ stage: 'adapted', note: ' ok ', localPractice: ID }, 'fr'), {
    stage: 'adapted',
    note: { fr: 'ok' },
    localPractice: ID,
  });
  t.same(adoptionBody({ stage: 'adopted', note: '', localPractice: '' }, 'en'), {
    stage: 'adopted',
  });
});

t.test('every label in every language', async (t) => {
  const keys = Object.keys(MY_WORK_STRINGS.en).sort();
  for (const l of LANGS) {
    const s = MY_WORK_STRINGS[l];
    t.same(Object.keys(s).sort(), keys, `${l}: every key`);
    for (const [k, v] of Object.entries(s)) {
      if (typeof v === 'string') t.ok(v.trim() !== '', `${l}.${k}`);
    }
    t.same(Object.keys(s.statuses).sort(), Object.keys(MY_WORK_STRINGS.en.statuses).sort());
    t.same(Object.keys(s.stages).sort(), Object.keys(MY_WORK_STRINGS.en.stages).sort());
  }
  t.equal(MY_WORK_STRINGS.fr.daysLeft(3), 'Encore 3 jours');
  t.equal(MY_WORK_STRINGS.es.daysLeft(1), 'Queda 1 día');
  t.equal(MY_WORK_STRINGS.en.daysLeft(0), 'Last day today');
  t.not(MY_WORK_STRINGS.fr.nav, MY_WORK_STRINGS.en.nav, 'translated');
  t.not(MY_WORK_STRINGS.es.nav, MY_WORK_STRINGS.en.nav, 'translated');
});

t.test('the server answers the page on every "My work" path, 404 elsewhere', async (t) => {
  const app = createApp({ logger: createLogger({ LOG_LEVEL: 'silent' }) });
  await app.register(workspaceRoutes);
  t.teardown(() => app.close());
  for (const url of [
    '/app/my-work',
    '/app/my-work?minSeq=12',
    '/app/queries/new',
    `/app/queries/${ID}`,
    `/app/follow-ups/${ID}/focal-points`,
  ]) {
    const page = await app.inject({ method: 'GET', url });
    t.equal(page.statusCode, 200, url);
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8', url);
  }
  for (const url of ['/app/queries', '/app/queries/x', `/app/follow-ups/${ID}`, '/app/my-work/x']) {
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 404, url);
  }
});
