import type { z } from 'zod';
import type { MeetingCreateBody, PracticeCreateBody, PublicationCreateBody } from '@rcpx/contracts';

/** One demo write: who publishes what (bodies as a client sends them). */
export type DemoWrite = { participant: string; key?: string } & (
  | { kind: 'practice'; body: z.input<typeof PracticeCreateBody> }
  | { kind: 'meeting'; body: z.input<typeof MeetingCreateBody> }
  | { kind: 'publication'; body: z.input<typeof PublicationCreateBody> }
);

/**
 * A realistic demo set drawn from the themes the RCPs named at the 2005 GCIM–IOM workshop:
 * practices, meeting outcomes and publications from several processes, in en/fr/es.
 */
export const DEMO: readonly DemoWrite[] = [
  {
    participant: 'bali-process',
    kind: 'practice',
    body: {
      title: {
        en: 'Sub-regional sharing of intelligence on people smugglers and traffickers',
        fr: 'Partage sous-régional de renseignements sur les passeurs et les trafiquants',
      },
      summary: {
        en: 'Focal points in each member state exchange case information on smuggling networks through a secure channel, with quarterly joint reviews.',
        fr: 'Des points focaux dans chaque État membre échangent des informations sur les réseaux de passeurs par un canal sécurisé.',
      },
      themes: ['smuggling', 'trafficking', 'border-management'],
      countries: ['ID', 'AU', 'TH', 'MY'],
    },
  },
  {
    participant: 'bali-process',
    kind: 'practice',
    body: {
      title: { en: 'Model legislation criminalising people smuggling and trafficking in persons' },
      summary: {
        en: 'Members cooperated on model provisions so that national laws can prosecute smugglers and traffickers consistently across the region.',
      },
      themes: ['legislation', 'trafficking', 'smuggling'],
      countries: ['ID', 'PH', 'VN'],
      links: [{ url: 'https://www.baliprocess.net/', title: 'Bali Process' }],
    },
  },
  {
    participant: 'colombo-process',
    key: 'orientation',
    kind: 'practice',
    body: {
      title: {
        en: 'Pre-departure orientation for labour migrants',
        fr: 'Orientation avant le départ pour les travailleurs migrants',
        es: 'Orientación previa a la partida para trabajadores migrantes',
      },
      summary: {
        en: 'A standard curriculum on rights, contracts, recruitment fees and remittances, delivered with NGOs before workers leave.',
        fr: 'Un programme type sur les droits, les contrats, les frais de recrutement et les envois de fonds, dispensé avec des ONG avant le départ.',
        es: 'Un programa estándar sobre derechos, contratos, tasas de contratación y remesas, impartido con ONG antes de la partida.',
      },
      themes: ['labour-migration', 'human-rights', 'remittances'],
      countries: ['LK', 'PH', 'BD', 'NP'],
    },
  },
  {
    participant: 'colombo-process',
    kind: 'practice',
    body: {
      title: { en: 'Regulating private recruitment agencies' },
      summary: {
        en: 'Licensing, bonds and a public blacklist of recruitment agencies that overcharge workers.',
      },
      themes: ['labour-migration', 'legislation'],
      countries: ['LK', 'IN', 'PK'],
      visibility: { level: 'rcps', rcps: ['ilo', 'iom', 'puebla-process'] },
    },
  },
  {
    participant: 'puebla-process',
    key: 'consular-network',
    kind: 'practice',
    body: {
      title: {
        es: 'Red regional de protección consular para migrantes en tránsito',
        en: 'Regional consular protection network for migrants in transit',
      },
      summary: {
        es: 'Los consulados de los países miembros comparten guardias y protocolos para asistir a migrantes en situación de vulnerabilidad.',
        en: 'Consulates of member countries share rosters and protocols to assist vulnerable migrants in transit.',
      },
      themes: ['consular-protection', 'human-rights', 'irregular-migration'],
      countries: ['MX', 'GT', 'HN', 'SV'],
    },
  },
  {
    participant: 'puebla-process',
    kind: 'practice',
    body: {
      title: {
        es: 'Lineamientos para el retorno digno, seguro y ordenado',
        en: 'Guidelines for dignified, safe and orderly return',
      },
      themes: ['return-reintegration', 'human-rights'],
      countries: ['MX', 'US', 'CA'],
    },
  },
  {
    participant: 'puebla-process',
    key: 'orientation-puebla',
    kind: 'practice',
    body: {
      title: {
        es: 'Orientación previa al viaje para trabajadores agrícolas temporales',
        en: 'Pre-departure orientation for seasonal agricultural workers',
      },
      summary: {
        es: 'Adaptación del programa del Proceso de Colombo: talleres sobre contratos, salud y derechos laborales antes de cada temporada, con las organizaciones de la sociedad civil y los consulados del país de destino.',
        en: "Adapted from the Colombo Process curriculum: workshops on contracts, health and labour rights before each season, run with civil society and the destination country's consulates.",
      },
      themes: ['labour-migration', 'human-rights', 'consular-protection'],
      countries: ['MX', 'GT', 'CA'],
    },
  },
  {
    participant: '5plus5',
    key: 'orientation-5plus5',
    kind: 'practice',
    body: {
      title: {
        fr: 'Orientation avant le départ des travailleurs saisonniers',
        en: 'Pre-departure orientation for seasonal workers',
      },
      summary: {
        fr: 'Inspirée du modèle du Processus de Puebla : des séances dans les agences pour l’emploi du pays d’origine avant chaque campagne agricole, intégrées aux formations nationales, avec un engagement de retour en fin de contrat.',
        en: 'Modelled on the Puebla Process scheme: sessions at the employment agencies of the country of origin before each harvest, built into national training, with a commitment to return at the end of the contract.',
      },
      themes: ['labour-migration', 'return-reintegration', 'human-rights'],
      countries: ['MA', 'ES'],
    },
  },
  {
    participant: '5plus5',
    kind: 'practice',
    body: {
      title: {
        fr: 'Campagnes d’information sur les risques de la migration irrégulière',
        en: 'Information campaigns on the risks of irregular migration',
      },
      summary: {
        fr: 'Des campagnes conjointes à la radio et dans les écoles des pays d’origine, évaluées chaque année.',
        en: 'Joint radio and school campaigns in countries of origin, evaluated every year.',
      },
      themes: ['irregular-migration', 'information-campaigns', 'root-causes'],
      countries: ['MA', 'DZ', 'TN', 'ES', 'IT'],
    },
  },
  {
    participant: 'midsa',
    kind: 'practice',
    body: {
      title: { en: 'Harmonised migration data collection in Southern Africa' },
      summary: {
        en: 'Common definitions and census questions so member states can compare migration stocks and flows.',
      },
      themes: ['data-statistics', 'capacity-building'],
      countries: ['ZA', 'BW', 'MZ', 'ZW'],
    },
  },
  {
    participant: 'midsa',
    kind: 'practice',
    body: {
      title: { en: 'Cross-border health services for mobile populations' },
      themes: ['health', 'labour-migration'],
      countries: ['ZA', 'LS', 'SZ'],
      visibility: { level: 'members' },
    },
  },
  {
    participant: 'igc',
    kind: 'practice',
    body: {
      title: { en: 'Country-of-origin information sharing between asylum authorities' },
      summary: {
        en: 'A shared workspace where asylum services publish and review country-of-origin reports.',
      },
      themes: ['asylum', 'data-statistics'],
      countries: ['CH', 'SE', 'NL', 'CA', 'AU'],
    },
  },
  {
    participant: 'lima-process',
    kind: 'practice',
    body: {
      title: {
        es: 'Regularización migratoria en el marco de acuerdos regionales de residencia',
        en: 'Regularization under regional residence agreements',
      },
      themes: ['regularization', 'integration', 'legislation'],
      countries: ['AR', 'BR', 'UY', 'PY', 'BO', 'CL'],
    },
  },
  {
    participant: 'apc',
    kind: 'practice',
    body: {
      title: { en: 'Joint training for officials on refugee status determination' },
      themes: ['asylum', 'capacity-building', 'displacement'],
      countries: ['TH', 'MY', 'PG'],
    },
  },
  {
    participant: 'bali-process',
    kind: 'meeting',
    body: {
      meeting: {
        title: { en: 'Bali Process Senior Officials Meeting' },
        level: 'senior-officials',
        startsOn: '2005-03-22',
        hostCountry: 'ID',
      },
      outcomes: [
        {
          kind: 'recommendation',
          text: {
            en: 'Members should designate national focal points for victim identification and referral.',
          },
        },
        {
          kind: 'action-plan',
          text: {
            en: 'Convene a technical workshop on document fraud before the next ministerial conference.',
          },
        },
      ],
      themes: ['trafficking', 'document-security'],
    },
  },
  {
    participant: 'puebla-process',
    kind: 'meeting',
    body: {
      meeting: {
        title: {
          es: 'X Conferencia Regional sobre Migración',
          en: 'Tenth Regional Conference on Migration',
        },
        level: 'ministerial',
        startsOn: '2005-05-09',
        hostCountry: 'CA',
      },
      outcomes: [
        {
          kind: 'declaration',
          text: {
            es: 'Los viceministros reafirman el compromiso con los derechos humanos de los migrantes, cualquiera que sea su condición migratoria.',
            en: 'Vice-ministers reaffirm their commitment to the human rights of migrants regardless of status.',
          },
        },
        {
          kind: 'recommendation',
          text: {
            es: 'Fortalecer la cooperación contra la trata de personas y el tráfico ilícito de migrantes.',
          },
        },
      ],
      themes: ['human-rights', 'trafficking', 'smuggling'],
    },
  },
  {
    participant: '5plus5',
    kind: 'meeting',
    body: {
      meeting: {
        title: {
          fr: 'Conférence ministérielle du Dialogue 5+5 sur la migration',
          en: '5+5 Dialogue ministerial conference on migration',
        },
        level: 'ministerial',
        startsOn: '2004-11-16',
        hostCountry: 'DZ',
      },
      outcomes: [
        {
          kind: 'conclusions',
          text: {
            fr: 'Les ministres soulignent le lien entre migration et développement et la nécessité de lutter contre les causes profondes.',
            en: 'Ministers stress the link between migration and development and the need to address root causes.',
          },
        },
      ],
      themes: ['development', 'root-causes'],
    },
  },
  {
    participant: 'colombo-process',
    kind: 'meeting',
    body: {
      meeting: {
        title: { en: 'Colombo Process technical workshop on labour market information' },
        level: 'technical-workshop',
        startsOn: '2005-02-14',
        hostCountry: 'PH',
      },
      outcomes: [
        {
          kind: 'guidelines',
          text: 'Countries of origin share labour market information with destination countries each quarter.',
        },
      ],
      themes: ['labour-migration', 'data-statistics'],
      visibility: { level: 'members' },
    },
  },
  {
    participant: 'iom',
    kind: 'publication',
    body: {
      title: {
        en: 'Essentials of Migration Management for Policy Makers and Practitioners',
        fr: 'Les fondamentaux de la gestion des migrations',
        es: 'Fundamentos de gestión de la migración',
      },
      summary: {
        en: 'IOM training manual covering the range of migration management policy areas.',
      },
      kind: 'training',
      url: 'https://publications.iom.int/',
      languages: ['en', 'fr', 'es'],
      themes: ['capacity-building', 'legislation', 'labour-migration'],
    },
  },
  {
    participant: 'ilo',
    kind: 'publication',
    body: {
      title: { en: 'Towards a fair deal for migrant workers in the global economy' },
      kind: 'report',
      url: 'https://www.ilo.org/',
      languages: ['en', 'fr', 'es'],
      themes: ['labour-migration', 'human-rights'],
    },
  },
  {
    participant: 'igc',
    kind: 'publication',
    body: {
      title: { en: 'Asylum applications in participating states: annual statistics' },
      kind: 'statistics',
      url: 'https://igc.ch/',
      themes: ['asylum', 'data-statistics'],
      visibility: { level: 'rcps', rcps: ['unhcr', 'apc'] },
    },
  },
  {
    participant: 'unhcr',
    kind: 'publication',
    body: {
      title: {
        en: 'Refugee protection and mixed migration: a ten-point plan of action',
        fr: 'La protection des réfugiés et les migrations mixtes : plan d’action en dix points',
        es: 'La protección de los refugiados y la migración mixta: plan de acción de 10 puntos',
      },
      kind: 'guidelines',
      url: 'https://www.unhcr.org/',
      languages: ['en', 'fr', 'es'],
      themes: ['asylum', 'irregular-migration', 'human-rights'],
    },
  },
  {
    participant: 'budapest-process',
    kind: 'publication',
    body: {
      title: { en: 'Model provisions on readmission agreements' },
      kind: 'model-legislation',
      url: 'https://www.budapestprocess.org/',
      themes: ['return-reintegration', 'legislation'],
    },
  },
];
