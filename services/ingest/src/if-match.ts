import { problem } from '@rcpx/service-kit';

/** A parsed `If-Match` header: `*`, or the versions it lists. */
export type IfMatch = { any: true } | { any: false; versions: string[] };

const TAG = /^(?:W\/)?"([^"]*)"$|^([0-9]+)$/;

/**
 * Parses `If-Match`: `*`, or a comma-separated list of entity tags — `"3"`, weak `W/"3"`, and
 * (leniently) an unquoted `3`. Anything else → 400.
 */
export function parseIfMatch(header: string): IfMatch {
  const raw = header.trim();
  if (raw === '*') return { any: true };
  const versions: string[] = [];
  for (const part of raw.split(',')) {
    const m = TAG.exec(part.trim());
    if (!m) {
      throw problem.badRequest('If-Match must be "*" or entity tags like "3".', [
        { path: 'headers.if-match', message: 'must be "*" or entity tags like "3"' },
      ]);
    }
    versions.push(m[1] ?? m[2]!);
  }
  return { any: false, versions };
}

/** Does `If-Match` accept an aggregate at `version`? (Weak comparison, RFC 9110 §13.1.1.) */
export function ifMatchAccepts(ifMatch: IfMatch, version: number): boolean {
  return ifMatch.any || ifMatch.versions.includes(String(version));
}

/** The `ETag` of an aggregate version: `"<version>"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
