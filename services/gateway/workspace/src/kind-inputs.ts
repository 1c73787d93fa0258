// The inputs of each kind's form (practice, meeting, publication), filled from a form state.

import type { Ctx } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { errorSlot, field, langGroups, themesField, visibilityField } from './form-fields.ts';
import type { FormState } from './form-state.ts';
import { FORM_STRINGS } from './i18n-forms.ts';
import { outcomesField } from './outcome-fields.ts';
import type { Collection } from './router.ts';

/** The inputs of a kind, filled from `st`. */
export function inputs(ctx: Ctx, collection: Collection, st: FormState): Child[] {
  const { s } = ctx;
  const f = FORM_STRINGS[ctx.lang];
  const common = [themesField(ctx, st.themes), visibilityField(ctx, st.visibility)];
  if (collection === 'practices') {
    return [
      errorSlot('title'),
      errorSlot('summary'),
      errorSlot('body'),
      langGroups(ctx, [
        { prefix: 'title', label: s.titleField, value: st.title, err: 'title' },
        { prefix: 'summary', label: s.summaryField, value: st.summary, err: 'summary', area: true },
        { prefix: 'body', label: s.bodyField, value: st.body, err: 'body', area: true },
      ]),
      common[0],
      field('countries', s.countriesField, st.countries, {
        err: 'countries',
        attrs: { autocomplete: 'off' },
      }),
      field('links', s.linksField, st.links, { err: 'links', area: true }),
      field('contact', s.contactField, st.contact, { err: 'contact' }),
      common[1],
    ];
  }
  const summary = {
    prefix: 'summary',
    label: collection === 'meetings' ? f.summaryOfMeeting : s.summaryField,
    value: st.summary,
    err: 'summary',
    area: true,
  };
  if (collection === 'meetings') {
    const m = st.meeting;
    const levels = ['ministerial', 'senior-officials', 'technical-workshop'];
    return [
      h(
        'fieldset',
        { className: 'meeting' },
        h('legend', {}, f.meetingSection),
        errorSlot('meeting.title'),
        errorSlot('summary'),
        langGroups(ctx, [
          { prefix: 'mtitle', label: f.meetingTitleField, value: m.title, err: 'meeting.title' },
          summary,
        ]),
        field('level', f.levelField, m.level, {
          err: 'meeting.level',
          options: [
            ['', f.chooseOne],
            ...levels.map((l): [string, string] => [l, s.words[l] ?? l]),
          ],
        }),
        h(
          'div',
          { className: 'pair' },
          field('startsOn', f.startsOnField, m.startsOn, {
            err: 'meeting.startsOn',
            attrs: { type: 'date' },
          }),
          field('endsOn', f.endsOnField, m.endsOn, {
            err: 'meeting.endsOn',
            attrs: { type: 'date' },
          }),
        ),
        field('hostCountry', f.hostCountryField, m.hostCountry, {
          err: 'meeting.hostCountry',
          attrs: { autocomplete: 'off' },
        }),
        field('venue', f.venueField, m.venue, { err: 'meeting.venue' }),
      ),
      outcomesField(ctx, st.outcomes),
      common,
    ];
  }
  const kinds = ['research', 'model-legislation', 'training', 'statistics', 'report', 'guidelines'];
  return [
    errorSlot('title'),
    errorSlot('summary'),
    langGroups(ctx, [
      { prefix: 'title', label: s.titleField, value: st.title, err: 'title' },
      summary,
    ]),
    field('pubkind', f.pubKindField, st.kind, {
      err: 'kind',
      options: [['', f.chooseOne], ...kinds.map((k): [string, string] => [k, s.words[k] ?? k])],
    }),
    field('url', f.urlField, st.url, { err: 'url', attrs: { type: 'url', autocomplete: 'off' } }),
    field('languages', f.languagesField, st.languages, { err: 'languages' }),
    field('publishedOn', f.publishedOnField, st.publishedOn, {
      err: 'publishedOn',
      attrs: { type: 'date' },
    }),
    common,
  ];
}
