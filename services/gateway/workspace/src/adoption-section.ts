import type { Adoption, AdoptionStage, Lineage, LineageNode } from '@rcpx/contracts';
import type { Item } from './api.ts';
import { myWorkApi } from './api-my-work.ts';
import type { Ctx, Reader } from './context.ts';
import { formatDate, participantName } from './context.ts';
import { h } from './dom.ts';
import type { Child } from './dom.ts';
import { formErrors, labelledField, radioGroup } from './form-errors.ts';
import { showRefusal, submitOnce } from './form-submit.ts';
import { LANG_NAMES } from './i18n.ts';
import { adoptionBody, simpleFieldOf } from './my-work-logic.ts';
import { mw, textOf } from './my-work-view.ts';

/** The stages of an adoption, in the order they are offered. */
export const STAGES = [
  'considering',
  'piloting',
  'adopted',
  'adapted',
  'declined',
] as const satisfies readonly AdoptionStage[];

/** What the adoption section reads besides the item (started with it, not after it). */
export interface AdoptionReads {
  lineage: Promise<Lineage | null>;
  /** The signed-in publisher's own practices (null when not a publisher). */
  own: Promise<{ items: Item[] } | null>;
}

/** Starts the adoption section's reads of practice `id` as `who` (failures read as null). */
export function adoptionReads(
  id: string,
  minSeq: number | undefined,
  who: Reader | null,
): AdoptionReads {
  return {
    lineage: myWorkApi.lineage(id, minSeq).catch(() => null),
    own:
      who?.role === 'publisher'
        ? myWorkApi.myPractices(who.me).catch(() => null)
        : Promise.resolve(null),
  };
}

/**
 * A practice's adoptions (the latest record of each adopter), its lineage, and — signed in as
 * a publisher of another participant — the "We adopted this" form.
 */
export async function adoptionSection(ctx: Ctx, item: Item, reads: AdoptionReads): Promise<Child> {
  const m = mw(ctx);
  const me = ctx.session?.participant;
  const adoptions = (item.adoptions as Adoption[] | undefined) ?? [];
  const may =
    !!me &&
    ctx.session?.role === 'publisher' &&
    item.participant !== me &&
    item.status === 'active';
  const [lineage, own] = await Promise.all([reads.lineage, may ? reads.own : null]);
  const node = (n: LineageNode) =>
    h(
      'li',
      { 'data-practice': n.id },
      h('a', { href: `/app/practices/${n.id}` }, textOf(ctx, n.title, n.id)),
      ` · ${participantName(ctx, n.participant)} · ${m.stages[n.adoption.stage] ?? n.adoption.stage}`,
    );
  const ancestors = lineage?.ancestors ?? [];
  const descendants = lineage?.descendants ?? [];
  return h(
    'section',
    { className: 'adoptions', id: 'adoptions', 'aria-labelledby': 'adoptions-heading' },
    h('h2', { id: 'adoptions-heading' }, m.adoptions),
    adoptions.length === 0
      ? h('p', { className: 'empty' }, m.noAdoptions)
      : h(
          'ul',
          { id: 'adoption-list' },
          adoptions.map((a) =>
            h(
              'li',
              { 'data-adopter': a.adopter },
              h('strong', {}, participantName(ctx, a.adopter)),
              `: ${m.stages[a.stage] ?? a.stage} · `,
              h('time', { datetime: a.time }, formatDate(ctx, a.time)),
              a.note ? [' · ', textOf(ctx, a.note)] : '',
              a.localPractice
                ? [
                    ' · ',
                    h('a', { href: `/app/practices/${a.localPractice}` }, m.localPracticeLink),
                  ]
                : '',
            ),
          ),
        ),
    h('h3', {}, m.lineage),
    ancestors.length + descendants.length === 0
      ? h('p', { className: 'empty' }, m.noLineage)
      : h(
          'dl',
          { className: 'lineage', id: 'lineage' },
          ancestors.length > 0
            ? [h('dt', {}, m.learnedFrom), h('dd', {}, h('ul', {}, ancestors.map(node)))]
            : '',
          descendants.length > 0
            ? [h('dt', {}, m.learnedBy), h('dd', {}, h('ul', {}, descendants.map(node)))]
            : '',
        ),
    may
      ? adoptForm(
          ctx,
          item,
          adoptions.find((a) => a.adopter === me),
          own?.items ?? [],
        )
      : '',
  );
}

const FIELDS = ['stage', 'note', 'localPractice'];

function adoptForm(ctx: Ctx, item: Item, mine: Adoption | undefined, own: Item[]): Node {
  const m = mw(ctx);
  const errors = formErrors(
    m,
    () => form,
    (f) => (f === 'stage' ? `stage-${STAGES[0]}` : `adopt-${f}`),
  );
  const button = h('button', { type: 'submit', id: 'adopt-submit' }, m.adoptSubmit);
  const form: HTMLFormElement = h(
    'form',
    { id: 'adopt-form', className: 'panel', novalidate: true, 'aria-labelledby': 'adopt-heading' },
    h('h3', { id: 'adopt-heading' }, m.adoptTitle),
    h('p', { className: 'help' }, m.adoptHelp(LANG_NAMES[ctx.lang])),
    errors.summary,
    radioGroup(
      errors,
      'stage',
      m.stageField,
      STAGES.map((st) => [st, m.stages[st] ?? st] as const),
      mine?.stage,
    ),
    labelledField(
      errors,
      'note',
      m.noteField,
      h(
        'textarea',
        { id: 'adopt-note', name: 'note', rows: 3, lang: ctx.lang },
        mine?.note?.[ctx.lang] ?? '',
      ),
    ),
    labelledField(
      errors,
      'localPractice',
      m.localPracticeField,
      h(
        'select',
        { id: 'adopt-localPractice', name: 'localPractice' },
        h('option', { value: '' }, m.none),
        own.map((p) =>
          h(
            'option',
            { value: p.id, selected: mine?.localPractice === p.id },
            textOf(ctx, p.title, p.id).textContent ?? p.id,
          ),
        ),
      ),
    ),
    button,
  );
  submitOnce(form, button, {
    read() {
      const data = new FormData(form);
      const str = (k: string) => String(data.get(k) ?? '');
      return adoptionBody(
        { stage: str('stage'), note: str('note'), localPractice: str('localPractice') },
        ctx.lang,
      );
    },
    send: (body, key) => myWorkApi.adopt(item.id, body, key),
    done(r) {
      ctx.announce(m.adopted);
      ctx.navigate(`/app/practices/${item.id}?minSeq=${r.seq}`, true);
    },
    failed: (err) =>
      showRefusal(ctx, errors, err, (x) => {
        const field = simpleFieldOf(x.path, FIELDS);
        return { field, message: field === 'stage' ? m.errStage : x.message };
      }),
    busy: m.sending,
    idle: () => m.adoptSubmit,
  });
  return form;
}
