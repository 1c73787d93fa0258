import type { ItemKindModule } from './kind.ts';
import { meetingKind } from './meeting/index.ts';
import { practiceKind } from './practice/index.ts';
import { publicationKind } from './publication/index.ts';

/** The item kinds the write path serves: adding a kind is one line here. */
export const ITEM_KINDS: readonly ItemKindModule[] = [practiceKind, meetingKind, publicationKind];
