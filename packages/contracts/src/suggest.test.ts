import t from 'tap';
import { ParticipantSlug, PracticeData, ThemeSlug } from './index.ts';

// Errors that teach: an unknown slug names the nearest known one and where the list is.

const messageOf = (r: { error?: { issues: { message: string }[] } }) => r.error?.issues[0]?.message;

t.test('an unknown theme suggests the nearest slug and points to /v1/themes', async (t) => {
  t.equal(
    messageOf(ThemeSlug.safeParse('labor-migration')),
    'unknown theme "labor-migration" (did you mean "labour-migration"? see /v1/themes)',
  );
  t.match(messageOf(ThemeSlug.safeParse('Trafficking')), /did you mean "trafficking"/);
  t.match(messageOf(ThemeSlug.safeParse('border')), /did you mean "border-management"/);
  t.equal(messageOf(ThemeSlug.safeParse('zzz')), 'unknown theme "zzz" (see /v1/themes)');
  t.match(messageOf(ThemeSlug.safeParse('x'.repeat(5000))), /^unknown theme "x{60}…" \(see/);
  t.equal(ThemeSlug.safeParse('labour-migration').success, true);
  const body = PracticeData.safeParse({
    title: { en: 'x' },
    themes: ['labor-migration'],
    visibility: { level: 'public' },
  });
  t.match(body.error?.issues, [{ path: ['themes', 0], message: /labour-migration/ }]);
});

t.test(
  'an unknown participant suggests the nearest slug and points to /v1/participants',
  async (t) => {
    t.equal(
      messageOf(ParticipantSlug.safeParse('bali-proces')),
      'unknown participant "bali-proces" (did you mean "bali-process"? see /v1/participants)',
    );
    t.match(messageOf(ParticipantSlug.safeParse('colombo')), /did you mean "colombo-process"/);
    t.equal(
      messageOf(ParticipantSlug.safeParse('frontex')),
      'unknown participant "frontex" (see /v1/participants)',
    );
  },
);
