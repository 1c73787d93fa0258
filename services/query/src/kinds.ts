import type { ItemKind } from '@rcpx/contracts';

/** The collection path segment of each item kind (`/v1/<segment>`). */
export const COLLECTIONS: readonly { kind: ItemKind; segment: string; noun: string }[] = [
  { kind: 'practice', segment: 'practices', noun: 'practice' },
  { kind: 'meeting', segment: 'meetings', noun: 'meeting outcome' },
  { kind: 'publication', segment: 'publications', noun: 'publication' },
];
