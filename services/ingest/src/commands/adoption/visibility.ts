import type { Visibility } from '@rcpx/contracts';

/** A visibility refused as wider than the practice's, with the field that widens it. */
export interface Widening {
  path: string;
  message: string;
}

/**
 * The effective audience of an adoption by `adopter` of a practice of `owner` read under
 * `practice`: the adopter's `chosen` visibility (default: the practice's), which may only narrow
 * the practice's; expressed for the adopter (the record's owner) and always naming the practice's
 * owner (`rcps`), so that both read it. A wider choice is refused naming the field.
 */
export function adoptionVisibility(
  practice: Visibility,
  owner: string,
  adopter: string,
  chosen: Visibility | undefined,
): { ok: true; visibility: Visibility } | { ok: false; errors: Widening[] } {
  const audience =
    practice.level === 'public'
      ? undefined
      : new Set([owner, ...(practice.level === 'rcps' ? practice.rcps : [])]);
  const wanted = chosen ?? practice;
  if (wanted.level === 'public') {
    if (audience !== undefined) {
      return {
        ok: false,
        errors: [
          {
            path: 'body.visibility.level',
            message:
              'an adoption may only narrow the practice\'s visibility: "public" is wider than it',
          },
        ],
      };
    }
    return { ok: true, visibility: { level: 'public' } };
  }
  const listed = wanted.level === 'rcps' ? wanted.rcps : [];
  if (chosen !== undefined && audience !== undefined) {
    const errors = listed.flatMap((p, i) =>
      audience.has(p) || p === adopter
        ? []
        : [
            {
              path: `body.visibility.rcps.${i}`,
              message: `"${p}" may not read the practice: an adoption may only narrow its visibility`,
            },
          ],
    );
    if (errors.length > 0) return { ok: false, errors };
  }
  const rcps = [...new Set([owner, ...listed])].filter((p) => p !== adopter);
  return { ok: true, visibility: { level: 'rcps', rcps } };
}
