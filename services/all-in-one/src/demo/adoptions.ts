import type { DemoPost } from './follow-ups.ts';

/** Who records what about whose demo practice (by the demo data's `key`s). */
const RECORDS: readonly {
  adopter: string;
  practice: string;
  body: { stage: string; note?: Record<string, string>; localPractice?: string };
}[] = [
  {
    adopter: 'puebla-process',
    practice: 'orientation',
    body: {
      stage: 'considering',
      note: {
        es: 'Presentado por el Proceso de Colombo en el taller entre procesos; se estudia para los trabajadores agrícolas temporales.',
      },
    },
  },
  {
    adopter: 'puebla-process',
    practice: 'orientation',
    body: {
      stage: 'adapted',
      note: {
        es: 'Adaptado a los programas de trabajadores agrícolas temporales, con los consulados del país de destino.',
        en: "Adapted to the seasonal agricultural worker programmes, with the destination country's consulates.",
      },
      localPractice: 'orientation-puebla',
    },
  },
  {
    adopter: '5plus5',
    practice: 'orientation-puebla',
    body: {
      stage: 'adapted',
      note: {
        fr: 'Repris pour les campagnes agricoles saisonnières entre le Maroc et l’Espagne, avec un volet retour.',
        en: 'Taken up for the seasonal harvest schemes between Morocco and Spain, with a return component.',
      },
      localPractice: 'orientation-5plus5',
    },
  },
  {
    adopter: 'midsa',
    practice: 'orientation',
    body: {
      stage: 'piloting',
      note: { en: 'Piloted with the mining recruitment offices in Lesotho and Mozambique.' },
    },
  },
  {
    adopter: 'lima-process',
    practice: 'consular-network',
    body: {
      stage: 'adopted',
      note: {
        es: 'Los consulados de la región andina comparten ya los protocolos de asistencia de la red.',
      },
    },
  },
];

/**
 * The demo's adoption lineage: the Colombo Process's pre-departure orientation is adapted by
 * the Puebla Process for seasonal agricultural workers (after considering it), and that version
 * by the 5+5 Dialogue for its harvest schemes — a chain across three processes in en/es/fr;
 * MIDSA pilots the original and the Lima Process adopts Puebla's consular network.
 * `ids` maps the demo data's keys to the published practices' ids. Returns the number of writes.
 */
export async function seedAdoptions(
  post: DemoPost,
  ids: ReadonlyMap<string, string>,
): Promise<number> {
  const idOf = (key: string) => {
    const id = ids.get(key);
    if (!id) throw new Error(`demo practice "${key}" missing`);
    return id;
  };
  for (const [i, { adopter, practice, body }] of RECORDS.entries()) {
    const { localPractice, ...rest } = body;
    await post(
      adopter,
      `/v1/practices/${idOf(practice)}/adoptions`,
      localPractice ? { ...rest, localPractice: idOf(localPractice) } : rest,
      `rcpx-demo-adoption-${i}`,
    );
  }
  return RECORDS.length;
}
