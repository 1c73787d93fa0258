import t from 'tap';
import { adoptionIdOf, EVENT_TYPES, type AdoptionBody, type Visibility } from '@rcpx/contracts';
import { actor, given } from '../given-when-then.ts';
import * as practiceDecider from '../practice/decide.ts';
import { decide, evolve, initialState, type AdoptionState, type RecordAdoption } from './decide.ts';

// Given/When/Then of an adoption's decider: pure, no HTTP, no NATS. The practice (and the local
// practice) are given as their own event histories, as the handler loads them.

const PRACTICE = '00000000-0000-4000-8000-000000000001';
const LOCAL = '00000000-0000-4000-8000-000000000002';
const ADOPTION = adoptionIdOf(PRACTICE, 'colombo-process');
const colombo = actor('colombo-process');

const practiceData = (visibility: Visibility) => ({
  title: { en: 'Pre-departure orientation' },
  themes: ['labour-migration'],
  visibility,
});
const sharedBy = (owner: string, visibility: Visibility = { level: 'public' }) =>
  given(practiceDecider, owner, {
    type: EVENT_TYPES.practiceShared,
    data: practiceData(visibility),
  });
const withdrawnBy = (owner: string) =>
  given(
    practiceDecider,
    owner,
    { type: EVENT_TYPES.practiceShared, data: practiceData({ level: 'public' }) },
    { type: EVENT_TYPES.practiceWithdrawn, data: { ...practiceData({ level: 'public' }) } },
  );

const record = (
  body: AdoptionBody,
  practice = sharedBy('bali-process'),
  extra: Partial<RecordAdoption> = {},
): RecordAdoption => ({
  type: 'record',
  actor: colombo,
  practice: { id: PRACTICE, state: practice },
  body,
  ...extra,
});
const none: AdoptionState = initialState();
const recorded = (...stages: AdoptionBody['stage'][]): AdoptionState =>
  stages.reduce<AdoptionState>(
    (s, stage, i) =>
      evolve(s, {
        type: EVENT_TYPES.practiceAdoptionRecorded,
        data: { stage },
        owner: 'colombo-process',
        version: i + 1,
        subject: `practices/${PRACTICE}/adoptions/${ADOPTION}`,
        seq: i + 1,
      }),
    none,
  );

t.test('given a public practice, when another participant records: the event', async (t) => {
  t.same(decide(record({ stage: 'considering', note: { en: 'At the next SOM' } }), none), {
    ok: true,
    event: {
      type: EVENT_TYPES.practiceAdoptionRecorded,
      data: {
        practice: PRACTICE,
        practiceOwner: 'bali-process',
        title: { en: 'Pre-departure orientation' },
        stage: 'considering',
        note: { en: 'At the next SOM' },
        themes: ['labour-migration'],
        visibility: { level: 'public' },
      },
      subject: `practices/${PRACTICE}/adoptions/${ADOPTION}`,
      version: 1,
    },
  });
  t.match(decide(record({ stage: 'adopted' }), recorded('considering', 'piloting')), {
    ok: true,
    event: { version: 3, data: { stage: 'adopted' } },
  });
});

t.test('given records, evolve: the latest supersedes, version counts records', async (t) => {
  t.same(recorded('considering', 'piloting', 'adapted'), {
    status: 'recorded',
    adopter: 'colombo-process',
    version: 3,
    stage: 'adapted',
  });
  t.same(
    evolve(recorded('piloting'), {
      type: EVENT_TYPES.practiceShared,
      data: {},
      owner: 'x',
      version: 9,
      subject: `practices/${PRACTICE}`,
      seq: 9,
    }),
    recorded('piloting'),
    'other types change nothing',
  );
});

t.test('when the practice is missing or unreadable: 404, existence not leaked', async (t) => {
  const missing = decide(record({ stage: 'adopted' }, { status: 'none' }), none);
  const hidden = decide(
    record({ stage: 'adopted' }, sharedBy('bali-process', { level: 'members' })),
    none,
  );
  t.same(missing, { ok: false, error: { code: 'not-found', detail: `No practice ${PRACTICE}.` } });
  t.same(hidden, missing, 'a members-only practice answers as a missing one');
  const listed = decide(
    record(
      { stage: 'adopted' },
      sharedBy('bali-process', { level: 'rcps', rcps: ['colombo-process'] }),
    ),
    none,
  );
  t.ok(listed.ok, 'a listed participant may adopt');
});

t.test('when the owner adopts its own practice: 403', async (t) => {
  const d = decide(record({ stage: 'adopted' }, sharedBy('colombo-process')), none);
  t.match(d, { ok: false, error: { code: 'forbidden' } });
});

t.test('when the practice is withdrawn: 409', async (t) => {
  const d = decide(record({ stage: 'adopted' }, withdrawnBy('bali-process')), none);
  t.match(d, { ok: false, error: { code: 'withdrawn' } });
});

t.test('localPractice: the adopter’s own active practice, else 400', async (t) => {
  const body = { stage: 'adapted', localPractice: LOCAL } as const;
  const ok = decide(
    record(body, undefined, { localPractice: { id: LOCAL, state: sharedBy('colombo-process') } }),
    none,
  );
  t.match(ok, { ok: true, event: { data: { localPractice: LOCAL } } });
  for (const [why, state] of [
    ['missing', { status: 'none' } as const],
    ['another’s', sharedBy('apc')],
    ['another’s, hidden', sharedBy('apc', { level: 'members' })],
  ] as const) {
    const d = decide(record(body, undefined, { localPractice: { id: LOCAL, state } }), none);
    t.same(
      d,
      {
        ok: false,
        error: {
          code: 'invalid',
          detail: `body.localPractice: no practice of colombo-process has id ${LOCAL}`,
          errors: [
            {
              path: 'body.localPractice',
              message: `no practice of colombo-process has id ${LOCAL}`,
            },
          ],
        },
      },
      why,
    );
  }
  const withdrawn = decide(
    record(body, undefined, {
      localPractice: { id: LOCAL, state: withdrawnBy('colombo-process') },
    }),
    none,
  );
  t.match(withdrawn, {
    ok: false,
    error: { code: 'invalid', errors: [{ path: 'body.localPractice' }] },
  });
});

t.test('visibility: defaults to the practice’s, may only narrow it', async (t) => {
  const rcps = sharedBy('bali-process', { level: 'rcps', rcps: ['colombo-process', 'apc', 'iom'] });
  const vis = (body: AdoptionBody, practice = rcps) => {
    const d = decide(record(body, practice), none);
    return d.ok ? d.event.data.visibility : d.error;
  };
  t.same(
    vis({ stage: 'adopted' }),
    { level: 'rcps', rcps: ['bali-process', 'apc', 'iom'] },
    'the practice’s audience, for the adopter',
  );
  t.same(
    vis({ stage: 'adopted', visibility: { level: 'rcps', rcps: ['apc'] } }),
    { level: 'rcps', rcps: ['bali-process', 'apc'] },
    'narrowed, the practice’s owner kept',
  );
  t.same(
    vis({ stage: 'adopted', visibility: { level: 'members' } }),
    { level: 'rcps', rcps: ['bali-process'] },
    'members: the adopter and the practice’s owner',
  );
  t.match(vis({ stage: 'adopted', visibility: { level: 'public' } }), {
    code: 'invalid',
    errors: [{ path: 'body.visibility.level' }],
  });
  t.match(vis({ stage: 'adopted', visibility: { level: 'rcps', rcps: ['apc', 'igc'] } }), {
    code: 'invalid',
    errors: [{ path: 'body.visibility.rcps.1', message: /"igc" may not read the practice/ }],
  });
  t.same(
    vis({ stage: 'adopted', visibility: { level: 'members' } }, sharedBy('bali-process')),
    { level: 'rcps', rcps: ['bali-process'] },
    'a public practice narrowed',
  );
  t.same(vis({ stage: 'adopted' }, sharedBy('bali-process')), { level: 'public' });
});
