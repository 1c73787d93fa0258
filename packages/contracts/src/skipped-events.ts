import { z } from 'zod';

// `GET /v1/admin/skipped-events`: the events of the log a projection could not apply.

/** One event a projection of the read models skipped, and why. */
export const SkippedEvent = z.object({
  seq: z.number().int(),
  /** The projection that skipped it (`items`, `events`, `search`). */
  projection: z.string(),
  reason: z.string(),
  skippedAt: z.string(),
});
export type SkippedEvent = z.infer<typeof SkippedEvent>;

export const SkippedEventList = z.object({
  items: z.array(SkippedEvent),
  /** Pass as `after` for the next page; null on the last one. */
  nextAfter: z.number().int().nullable(),
});

export const SkippedEventsQuery = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
