import { z } from 'zod';
import { LocalizedText, LocalizedTitle, ParticipantSlug, Themes, Visibility } from './common.ts';
import { EVENT_TYPES } from './event-types.ts';
import { uuid5 } from './uuid5.ts';

/** Where an adopter stands with another participant's practice. */
export const ADOPTION_STAGES = [
  'considering',
  'piloting',
  'adopted',
  'adapted',
  'declined',
] as const;
export const AdoptionStage = z.enum(ADOPTION_STAGES);
export type AdoptionStage = z.infer<typeof AdoptionStage>;

/** The event type of an adoption record. */
export const ADOPTION_RECORDED = EVENT_TYPES.practiceAdoptionRecorded;

/** The id of the adoption of `practiceId` by `adopter`: one per pair, stable. */
export const adoptionIdOf = (practiceId: string, adopter: string): string =>
  uuid5(`${practiceId}/${adopter}`);

/** `POST /v1/practices/{id}/adoptions` body. */
export const AdoptionBody = z
  .object({
    stage: AdoptionStage,
    note: LocalizedText.optional().meta({ description: 'Localised, like `summary`.' }),
    localPractice: z.uuid().optional().meta({
      description: "The id of the adopter's own (active) practice that follows this one.",
    }),
    visibility: Visibility.optional().meta({
      description:
        "Default: the practice's. May only narrow it; the adopter and the practice's owner " +
        'always read the adoption.',
    }),
  })
  .strict();
export type AdoptionBody = z.infer<typeof AdoptionBody>;

/**
 * `practice.adoption.recorded`: the practice (id, owner, title and themes as the adopter read
 * them), the stage, and `visibility` = the effective audience (the practice's, narrowed).
 */
export const AdoptionRecordedData = z
  .object({
    practice: z.uuid(),
    practiceOwner: ParticipantSlug,
    title: LocalizedTitle,
    stage: AdoptionStage,
    note: LocalizedText.optional(),
    localPractice: z.uuid().optional(),
    themes: Themes,
    visibility: Visibility,
  })
  .strict();
export type AdoptionRecordedData = z.infer<typeof AdoptionRecordedData>;

/** One adoption record (or the latest one of an adopter) as read back. */
export const Adoption = z.object({
  id: z.uuid(),
  practice: z.uuid(),
  adopter: z.string(),
  practiceOwner: z.string(),
  stage: AdoptionStage,
  note: LocalizedText.optional(),
  localPractice: z.uuid().optional(),
  visibility: Visibility,
  version: z.number().int(),
  seq: z.number().int(),
  time: z.string(),
});
export type Adoption = z.infer<typeof Adoption>;

/** `GET /v1/practices/{id}/adoptions`: every record the reader may see, oldest first. */
export const AdoptionHistory = z.object({ practice: z.uuid(), items: z.array(Adoption) });
export type AdoptionHistory = z.infer<typeof AdoptionHistory>;

/** A practice reached through `localPractice` links, and the adoption that links it. */
export const LineageNode = z.object({
  id: z.uuid(),
  participant: z.string(),
  title: z.unknown(),
  status: z.enum(['active', 'withdrawn']),
  depth: z.number().int().min(1).max(10),
  /** The practice one step nearer the one asked for. */
  from: z.uuid(),
  adoption: z.object({ id: z.uuid(), adopter: z.string(), stage: AdoptionStage }),
});
export type LineageNode = z.infer<typeof LineageNode>;

/** `GET /v1/practices/{id}/lineage`. */
export const Lineage = z.object({
  practice: z.uuid(),
  ancestors: z.array(LineageNode),
  descendants: z.array(LineageNode),
});
export type Lineage = z.infer<typeof Lineage>;

/** One flow: `to` (the adopter) learns from `from` (the practice's owner), at `stage`, `n` times. */
export const Flow = z.object({
  from: z.string(),
  to: z.string(),
  stage: AdoptionStage,
  n: z.number().int(),
});
export const Flows = z.array(Flow);
export type Flow = z.infer<typeof Flow>;
