// Test-only: a small, realistic log of the exchange (practices, meeting outcomes, publications
// in English, French and Spanish) for the read-path tests.
import { EVENT_TYPES } from '@rcpx/contracts';
import type { FixtureEvent } from './test-fixtures.ts';

const id = (n: number) => `6d1f9c2e-4b7a-4e3d-9a5c-${n.toString().padStart(12, '0')}`;

/** The items of the dataset by name. */
export const IDS = {
  recruitmentFees: id(1), // colombo-process practice, en, public, revised once
  mediterraneanTrafficking: id(2), // 5plus5 practice, fr only, public
  pueblaVictims: id(3), // puebla-process practice, es only, public
  baliBorderExercise: id(4), // bali-process practice, members
  preDeparture: id(5), // bali-process practice, rcps [colombo-process]
  budapestReturn: id(6), // budapest-process practice, public, withdrawn
  igcAsylum: id(7), // igc practice, en + fr, public
  pueblaMinisterial: id(8), // puebla-process meeting outcome, es + en, public
  baliSom: id(9), // bali-process meeting outcome, members
  iomIndicators: id(10), // iom publication, public
  midsaModelLaw: id(11), // midsa publication, en + fr, public
  apcDisplacement: id(12), // apc publication, rcps [bali-process, iom]
} as const;

const PUBLIC = { level: 'public' } as const;

/** The practices (public unless said otherwise) in log order, with revisions and a withdrawal. */
export const DATASET: readonly FixtureEvent[] = [
  {
    type: EVENT_TYPES.practiceShared,
    item: IDS.recruitmentFees,
    participant: 'colombo-process',
    data: {
      title: { en: 'Capping recruitment fees charged to migrant workers' },
      summary: {
        en: 'Countries of origin agreed a ceiling on the fees private recruitment agencies may charge workers recruited for overseas employment.',
      },
      themes: ['labour-migration', 'human-rights'],
      countries: ['LK', 'PH', 'NP'],
      visibility: PUBLIC,
      contact: 'Colombo Process Technical Support Unit',
    },
  },
  {
    type: EVENT_TYPES.practiceShared,
    item: IDS.mediterraneanTrafficking,
    participant: '5plus5',
    data: {
      title: {
        fr: 'Coopération judiciaire contre la traite des êtres humains en Méditerranée occidentale',
      },
      summary: {
        fr: 'Les magistrats de liaison des dix pays du Dialogue échangent les demandes d’entraide pénale dans les affaires de traite et protègent les victimes témoins.',
      },
      themes: ['trafficking', 'legislation'],
      countries: ['MA', 'ES', 'FR', 'IT', 'TN'],
      visibility: PUBLIC,
    },
  },
  {
    type: EVENT_TYPES.practiceShared,
    item: IDS.pueblaVictims,
    participant: 'puebla-process',
    data: {
      title: {
        es: 'Lineamientos regionales para la protección de víctimas de trata de personas',
      },
      summary: {
        es: 'Procedimientos comunes de identificación, referencia y retorno asistido de las víctimas, adoptados por los países miembros de la Conferencia Regional sobre Migración.',
      },
      themes: ['trafficking', 'human-rights'],
      countries: ['MX', 'GT', 'HN', 'SV', 'CR'],
      visibility: PUBLIC,
    },
  },
  {
    type: EVENT_TYPES.practiceShared,
    item: IDS.baliBorderExercise,
    participant: 'bali-process',
    data: {
      title: { en: 'Joint maritime border surveillance exercise: lessons learned' },
      body: { en: 'Internal debrief of the tabletop exercise on people smuggling by sea.' },
      themes: ['border-management', 'smuggling'],
      countries: ['ID', 'AU'],
      visibility: { level: 'members' },
    },
  },
  {
    type: EVENT_TYPES.practiceShared,
    item: IDS.preDeparture,
    participant: 'bali-process',
    data: {
      title: { en: 'Pre-departure orientation for domestic workers' },
      summary: {
        en: 'A curriculum shared with the Colombo Process on rights, contracts and trafficking risks.',
      },
      themes: ['labour-migration', 'trafficking'],
      countries: ['ID', 'LK'],
      visibility: { level: 'rcps', rcps: ['colombo-process'] },
    },
  },
  {
    type: EVENT_TYPES.practiceShared,
    item: IDS.budapestReturn,
    participant: 'budapest-process',
    data: {
      title: { en: 'Assisted voluntary return along the Silk Routes' },
      themes: ['return-reintegration'],
      countries: ['AF', 'PK', 'IQ'],
      visibility: PUBLIC,
    },
  },
  {
    type: EVENT_TYPES.practiceShared,
    item: IDS.igcAsylum,
    participant: 'igc',
    data: {
      title: {
        en: 'Accelerated asylum procedures with quality assurance',
        fr: 'Procédures d’asile accélérées avec assurance qualité',
      },
      summary: {
        en: 'How participating states process manifestly unfounded claims quickly while auditing decisions.',
        fr: 'Comment les États participants traitent rapidement les demandes manifestement infondées tout en contrôlant les décisions.',
      },
      themes: ['asylum'],
      countries: ['CH', 'SE', 'NL'],
      visibility: PUBLIC,
    },
  },
  {
    type: EVENT_TYPES.meetingOutcomeRecorded,
    item: IDS.pueblaMinisterial,
    participant: 'puebla-process',
    data: {
      meeting: {
        title: {
          es: 'XXVII Reunión Viceministerial de la Conferencia Regional sobre Migración',
          en: 'XXVII Vice-Ministerial Meeting of the Regional Conference on Migration',
        },
        level: 'ministerial',
        startsOn: '2026-06-18',
        hostCountry: 'CR',
        venue: 'San José',
      },
      outcomes: [
        {
          kind: 'declaration',
          text: {
            es: 'Los países miembros reafirman su compromiso con una migración ordenada, segura y regular y con la protección de las personas migrantes en tránsito.',
            en: 'Member countries reaffirm their commitment to orderly, safe and regular migration and to protecting migrants in transit.',
          },
        },
      ],
      themes: ['irregular-migration', 'human-rights'],
      visibility: PUBLIC,
    },
  },
  {
    type: EVENT_TYPES.meetingOutcomeRecorded,
    item: IDS.baliSom,
    participant: 'bali-process',
    data: {
      meeting: {
        title: { en: 'Ad Hoc Group Senior Officials’ Meeting' },
        level: 'senior-officials',
        startsOn: '2026-09-03',
        hostCountry: 'AU',
      },
      outcomes: [
        { kind: 'action-plan', text: 'Work plan on irregular maritime movements for 2027.' },
      ],
      themes: ['smuggling', 'irregular-migration'],
      visibility: { level: 'members' },
    },
  },
  {
    type: EVENT_TYPES.publicationReleased,
    item: IDS.iomIndicators,
    participant: 'iom',
    data: {
      title: { en: 'Migration Governance Indicators: regional profile of Southern Africa' },
      summary: { en: 'Statistics and policy indicators for the sixteen SADC member states.' },
      kind: 'statistics',
      url: 'https://publications.iom.int/books/mgi-southern-africa',
      languages: ['en'],
      themes: ['data-statistics'],
      visibility: PUBLIC,
    },
  },
  {
    type: EVENT_TYPES.publicationReleased,
    item: IDS.midsaModelLaw,
    participant: 'midsa',
    data: {
      title: {
        en: 'Model provisions on labour migration for SADC member states',
        fr: 'Dispositions types sur la migration de main-d’œuvre pour les États membres de la SADC',
      },
      kind: 'model-legislation',
      url: 'https://www.sadc.int/midsa/model-provisions-labour-migration',
      languages: ['en', 'fr', 'pt'],
      themes: ['labour-migration', 'legislation'],
      visibility: PUBLIC,
    },
  },
  {
    type: EVENT_TYPES.publicationReleased,
    item: IDS.apcDisplacement,
    participant: 'apc',
    data: {
      title: { en: 'Displacement in the Asia-Pacific: a consultation report' },
      kind: 'report',
      url: 'https://example.org/apc/displacement-report',
      themes: ['displacement', 'asylum'],
      visibility: { level: 'rcps', rcps: ['bali-process', 'iom'] },
    },
  },
  {
    type: EVENT_TYPES.practiceRevised,
    item: IDS.recruitmentFees,
    participant: 'colombo-process',
    data: {
      title: { en: 'Capping recruitment fees charged to migrant workers' },
      summary: {
        en: 'Countries of origin agreed a ceiling on the fees private recruitment agencies may charge workers recruited for overseas employment.',
      },
      body: {
        en: 'Sri Lanka and Nepal publish the ceilings and license agencies that respect them; complaints are handled by the labour attaché.',
      },
      themes: ['labour-migration', 'human-rights'],
      countries: ['LK', 'PH', 'NP'],
      visibility: PUBLIC,
      contact: 'Colombo Process Technical Support Unit',
      changed: ['body'],
    },
  },
  {
    type: EVENT_TYPES.practiceWithdrawn,
    item: IDS.budapestReturn,
    participant: 'budapest-process',
    data: {
      title: { en: 'Assisted voluntary return along the Silk Routes' },
      themes: ['return-reintegration'],
      visibility: PUBLIC,
      reason: 'Superseded by the 2026 return and reintegration toolkit.',
    },
  },
];
