import t from 'tap';
import { EVENT_TYPES, type QueryLaunchBody } from '@rcpx/contracts';
import { actor } from '../given-when-then.ts';
import { decide } from './decide.ts';
import { evolve, initialState } from './evolve.ts';
import { replyIdOf } from './reply-id.ts';
import type { QueryCommand, QueryDecision, QueryState } from './state.ts';

// Given (decided events, in order) / When (a command) / Then (a decision).

const ID = '0b5f8f0e-6a0f-4a53-9d55-5f1c2f1b7a01';
const TODAY = '2026-12-04';

function body(overrides: Partial<QueryLaunchBody> = {}): QueryLaunchBody {
  return {
    title: { en: 'Return and reintegration: what works?', fr: 'Retour et réintégration' },
    questions: [
      { ref: 'q1', text: { en: 'Do you run reintegration grants?' } },
      { ref: 'q2', text: { en: 'Who evaluates them?', es: '¿Quién los evalúa?' } },
    ],
    themes: ['return-reintegration'],
    deadline: '2026-12-20',
    visibility: { level: 'public' },
    ...overrides,
  };
}

/** The state after commands that must all be accepted. */
function given(...commands: QueryCommand[]): QueryState {
  let state = initialState();
  commands.forEach((c, seq) => {
    const d = decide(c, state);
    if (!d.ok) throw new Error(`given: ${c.type} refused: ${d.error.detail}`);
    state = evolve(state, { ...d.event, owner: 'actor' in c ? c.actor.participant : '', seq });
  });
  return state;
}

const launch = (b = body()): QueryCommand => ({
  type: 'launch',
  id: ID,
  actor: actor('bali-process'),
  body: b,
  today: TODAY,
});
const reply = (who: string, extra: Partial<Extract<QueryCommand, { type: 'reply' }>> = {}) =>
  ({
    type: 'reply',
    id: ID,
    actor: actor(who),
    body: { answers: [{ ref: 'q1', text: { en: `Yes, says ${who}.` } }] },
    today: TODAY,
    ...extra,
  }) as QueryCommand;

const errorOf = (d: QueryDecision) => (d.ok ? undefined : d.error);

t.test('launch: the query with every other participant asked by default', async (t) => {
  const d = decide(launch(), initialState());
  t.ok(d.ok);
  if (!d.ok) return;
  t.equal(d.event.type, EVENT_TYPES.queryLaunched);
  t.equal(d.event.subject, `queries/${ID}`);
  t.equal(d.event.version, 1);
  const addressees = d.event.data.addressees as string[];
  t.notOk(addressees.includes('bali-process'), 'not its launcher');
  t.ok(addressees.includes('iom') && addressees.includes('5plus5'));
});

t.test('launch: default addressees are those the visibility admits', async (t) => {
  const d = decide(
    launch(body({ visibility: { level: 'rcps', rcps: ['iom', 'apc'] } })),
    initialState(),
  );
  t.same(d.ok && d.event.data.addressees, ['apc', 'iom']);
  const none = decide(launch(body({ visibility: { level: 'members' } })), initialState());
  t.match(errorOf(none), { code: 'invalid', errors: [{ path: 'body.visibility' }] });
});

t.test('launch: a deadline 1..90 days ahead, addressees who may read it', async (t) => {
  for (const deadline of ['2026-12-04', '2026-12-03', '2027-03-05']) {
    t.match(
      errorOf(decide(launch(body({ deadline })), initialState())),
      {
        code: 'invalid',
        errors: [{ path: 'body.deadline' }],
      },
      deadline,
    );
  }
  t.ok(decide(launch(body({ deadline: '2026-12-05' })), initialState()).ok, 'tomorrow');
  t.ok(decide(launch(body({ deadline: '2027-03-04' })), initialState()).ok, '90 days');
  t.match(errorOf(decide(launch(body({ addressees: ['iom', 'bali-process'] })), initialState())), {
    errors: [{ path: 'body.addressees.1' }],
  });
  const narrow = body({ addressees: ['iom', 'igc'], visibility: { level: 'rcps', rcps: ['iom'] } });
  t.match(errorOf(decide(launch(narrow), initialState())), {
    errors: [{ path: 'body.addressees.1' }],
  });
});

t.test('reply: once, by an addressee, to refs of the questions', async (t) => {
  const state = given(launch(body({ addressees: ['iom', 'igc'] })));
  const d = decide(reply('iom'), state);
  t.ok(d.ok);
  if (!d.ok) return;
  const rid = replyIdOf(ID, 'iom');
  t.equal(d.event.subject, `queries/${ID}/replies/${rid}`);
  t.same(d.event.data.visibility, { level: 'rcps', rcps: ['bali-process'] }, 'launcher only');
  t.match(errorOf(decide(reply('apc'), state)), { code: 'forbidden' }, 'not asked');
  t.match(errorOf(decide(reply('bali-process'), state)), { code: 'forbidden' }, 'the launcher');
  const again = given(launch(body({ addressees: ['iom', 'igc'] })), reply('iom'));
  t.match(errorOf(decide(reply('iom'), again)), { code: 'conflict', detail: /PATCH/ });
  const unknown = reply('igc', {
    body: { answers: [{ ref: 'q9', text: { en: 'x' } }] },
  } as never);
  t.match(errorOf(decide(unknown, state)), { errors: [{ path: 'body.answers.0.ref' }] });
});

t.test('reply: the effective audience folds in the launcher, within the query', async (t) => {
  const open = given(launch());
  const pub = decide(
    reply('iom', {
      body: { answers: [{ ref: 'q1', text: { en: 'a' } }], visibility: { level: 'public' } },
    } as never),
    open,
  );
  t.same(pub.ok && pub.event.data.visibility, { level: 'public' });
  const listed = decide(
    reply('iom', {
      body: {
        answers: [{ ref: 'q1', text: { en: 'a' } }],
        visibility: { level: 'rcps', rcps: ['igc'] },
      },
    } as never),
    open,
  );
  t.same(listed.ok && listed.event.data.visibility, {
    level: 'rcps',
    rcps: ['bali-process', 'igc'],
  });
  const scoped = given(launch(body({ visibility: { level: 'rcps', rcps: ['iom', 'apc'] } })));
  const wide = decide(
    reply('iom', {
      body: { answers: [{ ref: 'q1', text: { en: 'a' } }], visibility: { level: 'public' } },
    } as never),
    scoped,
  );
  t.same(
    wide.ok && wide.event.data.visibility,
    { level: 'rcps', rcps: ['bali-process', 'apc'] },
    'never wider than the query',
  );
  t.match(errorOf(decide(reply('igc'), scoped)), { code: 'not-found' }, 'who may not read it: 404');
});

t.test('reply after the deadline or the close: 409', async (t) => {
  const state = given(launch());
  t.match(errorOf(decide(reply('iom', { today: '2026-12-21' }), state)), { code: 'conflict' });
  t.ok(decide(reply('iom', { today: '2026-12-20' }), state).ok, 'the deadline day itself');
  const closed = given(launch(), {
    type: 'close',
    id: ID,
    actor: actor('bali-process'),
    today: TODAY,
  });
  t.match(errorOf(decide(reply('iom'), closed)), { code: 'conflict', detail: /closed/ });
});

t.test('revise a reply: its author, If-Match on the reply version, until close', async (t) => {
  const state = given(launch(), reply('iom'));
  const revise = (who: string, ifMatch: string[], today = TODAY): QueryCommand => ({
    type: 'revise-reply',
    id: ID,
    reply: 'iom',
    actor: actor(who),
    patch: { answers: [{ ref: 'q2', text: { en: 'An external evaluator.' } }] },
    ifMatch: { any: false, versions: ifMatch },
    today,
  });
  const d = decide(revise('iom', ['1']), state);
  t.ok(d.ok);
  if (d.ok) {
    t.equal(d.event.type, EVENT_TYPES.queryReplyRevised);
    t.equal(d.event.version, 2);
    t.same(d.event.data.changed, ['answers']);
    t.same(d.event.data.visibility, { level: 'rcps', rcps: ['bali-process'] }, 'kept');
  }
  const byId = decide(
    { ...revise('iom', ['1']), reply: replyIdOf(ID, 'iom') } as QueryCommand,
    state,
  );
  t.equal(byId.ok && byId.event.version, 2, 'the reply named by its id');
  t.match(errorOf(decide(revise('iom', ['2']), state)), { code: 'version-mismatch', version: 1 });
  t.match(errorOf(decide(revise('bali-process', ['1']), state)), { code: 'forbidden' });
  t.match(errorOf(decide(revise('igc', ['1']), state)), { code: 'not-found' }, 'not named');
  t.match(errorOf(decide(revise('iom', ['1'], '2027-01-01'), state)), { code: 'conflict' });
});

t.test('reply again with If-Match: revises the reply (POST as PATCH)', async (t) => {
  const state = given(launch(body({ addressees: ['iom', 'igc'] })), reply('iom'));
  const again = (who: string, versions: string[] | '*', extra = {}) =>
    reply(who, {
      body: { answers: [{ ref: 'q2', text: { en: `Revised by ${who}.` } }] },
      ifMatch: versions === '*' ? { any: true } : { any: false, versions },
      ...extra,
    } as never);
  // Given a reply of iom at version 1, when iom replies again with If-Match "1"…
  const d = decide(again('iom', ['1']), state);
  t.ok(d.ok, 'then the reply is revised');
  if (d.ok) {
    t.equal(d.event.type, EVENT_TYPES.queryReplyRevised);
    t.equal(d.event.version, 2);
    t.equal(d.event.subject, `queries/${ID}/replies/${replyIdOf(ID, 'iom')}`);
    t.same(d.event.data.answers, [{ ref: 'q2', text: { en: 'Revised by iom.' } }], 'replaced');
    t.same(d.event.data.changed, ['answers']);
    t.same(d.event.data.visibility, { level: 'rcps', rcps: ['bali-process'] }, 'kept');
  }
  t.ok(decide(again('iom', '*'), state).ok, 'If-Match: * revises whatever version');
  const wider = decide(
    again('iom', ['1'], {
      body: { answers: [{ ref: 'q1', text: { en: 'a' } }], visibility: { level: 'public' } },
    }),
    state,
  );
  t.match(wider.ok && wider.event.data, { changed: ['answers', 'visibility'] }, 'both replaced');
  t.match(
    errorOf(decide(again('iom', ['2']), state)),
    { code: 'version-mismatch', version: 1 },
    'a stale version: 412',
  );
  t.match(
    errorOf(decide(again('igc', ['1']), state)),
    { code: 'version-mismatch', version: undefined, detail: /not replied yet/ },
    'no reply to revise yet: 412',
  );
  t.match(
    errorOf(decide(reply('iom'), state)),
    { code: 'conflict', detail: /If-Match: "1"/ },
    'without If-Match: 409 naming the version to send',
  );
  t.match(errorOf(decide(again('apc', ['1']), state)), { code: 'forbidden' }, 'not asked');
  t.match(
    errorOf(decide(again('iom', ['1'], { today: '2026-12-21' }), state)),
    { code: 'conflict', detail: /closed/ },
    'after the deadline',
  );
  const bad = again('iom', ['1'], { body: { answers: [{ ref: 'q9', text: { en: 'x' } }] } });
  t.match(errorOf(decide(bad, state)), { errors: [{ path: 'body.answers.0.ref' }] });
});

t.test('close: by the launcher once; expire: only when due, once', async (t) => {
  const state = given(launch(), reply('iom'));
  const close = (who: string): QueryCommand => ({
    type: 'close',
    id: ID,
    actor: actor(who),
    today: TODAY,
  });
  t.match(errorOf(decide(close('iom'), state)), { code: 'forbidden' });
  const d = decide(close('bali-process'), state);
  t.ok(d.ok);
  if (d.ok) {
    t.match(d.event.data, { by: 'launcher', replies: 1 });
    t.equal(d.event.version, 3, 'the third event of the subject');
  }
  const closed = given(launch(), reply('iom'), close('bali-process'));
  t.match(errorOf(decide(close('bali-process'), closed)), { code: 'conflict' });
  t.match(errorOf(decide({ type: 'expire', id: ID, today: '2026-12-20' }, state)), {
    code: 'conflict',
    detail: /not due/,
  });
  const due = decide({ type: 'expire', id: ID, today: '2026-12-21' }, state);
  t.match(due.ok && due.event, { subject: `queries/${ID}`, data: { by: 'deadline' } });
  t.match(errorOf(decide({ type: 'expire', id: ID, today: '2026-12-21' }, closed)), {
    code: 'conflict',
  });
});
