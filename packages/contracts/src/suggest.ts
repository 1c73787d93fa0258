import { closest, distance } from 'fastest-levenshtein';

/**
 * The slug of `slugs` nearest to `input` (edit distance), when it is near enough to be what the
 * client meant (`labor-migration` → `labour-migration`); undefined otherwise.
 */
export function nearestSlug(input: string, slugs: readonly string[]): string | undefined {
  if (input === '' || slugs.length === 0) return undefined;
  const lower = input.toLowerCase();
  // the start of exactly one slug (`border` → `border-management`)
  const started = lower.length >= 3 ? slugs.filter((s) => s.startsWith(lower)) : [];
  if (started.length === 1) return started[0];
  const best = closest(lower, slugs as string[]);
  const tolerance = Math.max(2, Math.floor(best.length / 3));
  return distance(lower, best) <= tolerance ? best : undefined;
}

/**
 * `unknown theme "labor-migration" (did you mean "labour-migration"? see /v1/themes)`: the
 * message for a slug that is not in a registry, with the nearest one and where the list is.
 */
export function unknownSlugMessage(
  what: string,
  input: string,
  slugs: readonly string[],
  listedAt: string,
): string {
  const shown = JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input);
  const near = nearestSlug(input, slugs);
  const hint = near !== undefined ? `did you mean "${near}"? see ${listedAt}` : `see ${listedAt}`;
  return `unknown ${what} ${shown} (${hint})`;
}
