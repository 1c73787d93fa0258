// The labels of "My work"'s lists drawn a screenful at a time, in en/fr/es.

import type { Lang } from './i18n.ts';

const en = {
  /** A list's "Show more" button (`n`: how many are left, when known). */
  showMore: (n?: number) => (n === undefined ? 'Show more' : `Show ${n} more`),
  /** Said once more cards are drawn. */
  shownMore: (n: number) => (n === 1 ? '1 more shown' : `${n} more shown`),
  /** The recommendations' order, under their heading. */
  recommendationsOrder: 'Most urgent first: overdue, then by due date.',
};

export type MyWorkMoreStrings = typeof en;

const fr: MyWorkMoreStrings = {
  showMore: (n) => (n === undefined ? 'Afficher plus' : `Afficher ${n} de plus`),
  shownMore: (n) => (n === 1 ? '1 de plus affiché' : `${n} de plus affichés`),
  recommendationsOrder: 'Les plus urgentes d’abord : en retard, puis par échéance.',
};

const es: MyWorkMoreStrings = {
  showMore: (n) => (n === undefined ? 'Mostrar más' : `Mostrar ${n} más`),
  shownMore: (n) => (n === 1 ? '1 más mostrada' : `${n} más mostradas`),
  recommendationsOrder: 'Las más urgentes primero: vencidas y luego por fecha límite.',
};

export const MY_WORK_MORE_STRINGS: Record<Lang, MyWorkMoreStrings> = { en, fr, es };
