/** A demo write: POST `body` to `url` as `participant`; answers the write's `{id, seq}`. */
export type DemoPost = (
  participant: string,
  url: string,
  body: object,
  key: string,
) => Promise<{ id: string; seq: number }>;

const year = new Date().getUTCFullYear();

/**
 * The demo's follow-up story: the Puebla Process's Vice-Ministerial Conference addresses
 * recommendations to IOM, UNHCR and the Lima Process; they report back in their languages, one
 * is implemented, one is overdue (due last year, still in progress — the Lima Process applies
 * the consular network it adopted from Puebla), one is due next year.
 * Returns the number of writes.
 */
export async function seedFollowUps(post: DemoPost): Promise<number> {
  const meeting = await post(
    'puebla-process',
    '/v1/meetings',
    {
      meeting: {
        title: {
          en: 'Vice-Ministerial Conference on Migration',
          es: 'Conferencia Viceministerial sobre Migración',
        },
        level: 'ministerial',
        startsOn: `${year - 2}-06-12`,
        hostCountry: 'GT',
        venue: 'Antigua Guatemala',
      },
      outcomes: [
        {
          ref: 'consular-network',
          kind: 'recommendation',
          title: { en: 'Consular protection network', es: 'Red de protección consular' },
          text: {
            en: 'Members set up a network of consular liaison officers along the migration routes.',
            es: 'Los miembros establecen una red de oficiales de enlace consular a lo largo de las rutas migratorias.',
          },
          addressees: ['iom', 'lima-process'],
          dueOn: `${year - 1}-06-30`,
        },
        {
          ref: 'return-guidelines',
          kind: 'recommendation',
          title: { en: 'Guidelines on assisted return', es: 'Lineamientos de retorno asistido' },
          text: { es: 'Adoptar lineamientos regionales para el retorno asistido de menores.' },
          addressees: ['unhcr', 'iom'],
          dueOn: `${year - 1}-12-31`,
        },
        {
          ref: 'data-sharing',
          kind: 'action-plan',
          text: { en: 'Publish comparable statistics on irregular migration every year.' },
          addressees: ['lima-process'],
          dueOn: `${year + 1}-03-31`,
        },
      ],
      themes: ['consular-protection', 'return-reintegration', 'data-statistics'],
    },
    'rcpx-demo-follow-ups-meeting',
  );
  const reports: [string, string, object][] = [
    [
      'iom',
      'consular-network',
      {
        status: 'in-progress',
        text: {
          en: 'Liaison officers trained in Guatemala and Mexico; Honduras and El Salvador in preparation.',
          es: 'Oficiales de enlace capacitados en Guatemala y México; Honduras y El Salvador en preparación.',
        },
        countries: ['GT', 'MX', 'HN', 'SV'],
      },
    ],
    [
      'unhcr',
      'return-guidelines',
      {
        status: 'planned',
        text: { en: 'A draft with child-protection safeguards is circulating for comments.' },
      },
    ],
    [
      'iom',
      'return-guidelines',
      {
        status: 'implemented',
        text: {
          es: 'Lineamientos adoptados por los once países miembros.',
          fr: 'Lignes directrices adoptées par les onze pays membres.',
        },
        links: [{ url: 'https://www.iom.int/', title: 'IOM' }],
      },
    ],
    [
      'lima-process',
      'data-sharing',
      { status: 'not-started', text: { es: 'Se definirá la metodología en la próxima reunión.' } },
    ],
    [
      'lima-process',
      'consular-network',
      {
        status: 'in-progress',
        text: {
          es: 'Los consulados andinos aplican ya los protocolos de la red consular del Proceso de Puebla; faltan las guardias compartidas en Ecuador y Bolivia.',
          en: "Andean consulates already apply the Puebla Process's consular network protocols; shared rosters in Ecuador and Bolivia are still to come.",
        },
        countries: ['PE', 'CO', 'EC', 'BO'],
      },
    ],
  ];
  for (const [i, [participant, ref, body]] of reports.entries()) {
    await post(
      participant,
      `/v1/meetings/${meeting.id}/outcomes/${ref}/follow-ups`,
      body,
      `rcpx-demo-follow-up-${i}`,
    );
  }
  return 1 + reports.length;
}
