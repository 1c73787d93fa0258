// The catalogue's live marks of listed items revised or withdrawn meanwhile, in en/fr/es.

import type { Lang } from './i18n.ts';

const en = {
  /** The bar's count of listed items changed since the list was read. */
  updatedItems: (n: number) => (n === 1 ? '1 updated' : `${n} updated`),
  /** The bar when only listed items changed (nothing new). */
  onlyUpdated: (n: number) => (n === 1 ? '1 item updated' : `${n} items updated`),
  cardRevised: 'Revised meanwhile — reload',
  cardWithdrawn: 'Withdrawn meanwhile',
  reload: 'Reload',
};

const fr: typeof en = {
  updatedItems: (n) => (n === 1 ? '1 modifié' : `${n} modifiés`),
  onlyUpdated: (n) => (n === 1 ? '1 élément modifié' : `${n} éléments modifiés`),
  cardRevised: 'Révisé entre-temps — rechargez',
  cardWithdrawn: 'Retiré entre-temps',
  reload: 'Recharger',
};

const es: typeof en = {
  updatedItems: (n) => (n === 1 ? '1 modificado' : `${n} modificados`),
  onlyUpdated: (n) => (n === 1 ? '1 elemento modificado' : `${n} elementos modificados`),
  cardRevised: 'Revisado mientras tanto — recargue',
  cardWithdrawn: 'Retirado mientras tanto',
  reload: 'Recargar',
};

export const LIVE_STRINGS: Record<Lang, typeof en> = { en, fr, es };
