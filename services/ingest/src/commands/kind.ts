import type { z } from 'zod';
import type { ItemKind } from '@rcpx/contracts';
import type { Decider } from './decider.ts';
import type { ItemTypes } from './item-rules.ts';

/**
 * Everything the write path knows of an item kind: its decider, its event types, and how it is
 * served (`/v1/<resource>`, the request bodies of its contract, the texts of its OpenAPI operations).
 */
export interface ItemKindModule<Extra = unknown> {
  kind: ItemKind;
  /** The URL segment and OpenAPI tag: `practices`. */
  resource: string;
  types: ItemTypes;
  decider: Decider<Extra>;
  bodies: {
    create: z.ZodType<Record<string, unknown>>;
    patch: z.ZodType<Record<string, unknown>>;
  };
  /** OpenAPI texts of `POST /v1/<resource>`; revise/withdraw texts are shared. */
  create: { summary: string; description: string };
  /** `Revise a practice`, `Withdraw a practice`. */
  revise: { summary: string; description?: string };
  withdraw: { summary: string };
}
