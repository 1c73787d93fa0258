import { KIND_COLLECTIONS, type ItemKind } from '@rcpx/contracts';

/** The collection path segment of each item kind (`/v1/<segment>`, its `KIND_COLLECTIONS`). */
export const COLLECTIONS: readonly { kind: ItemKind; segment: string; noun: string }[] = [
  { kind: 'practice', segment: KIND_COLLECTIONS.practice, noun: 'practice' },
  { kind: 'meeting', segment: KIND_COLLECTIONS.meeting, noun: 'meeting outcome' },
  { kind: 'publication', segment: KIND_COLLECTIONS.publication, noun: 'publication' },
];
