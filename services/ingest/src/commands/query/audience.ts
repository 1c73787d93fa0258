import { canRead, PARTICIPANTS, type Reader, type Visibility } from '@rcpx/contracts';

const readerOf = (participant: string): Reader => ({
  kind: 'participant',
  participant,
  role: 'reader',
  tokenId: '',
});

/** Whether `participant` may read a query of `launcher` under `visibility`. */
export function mayReadQuery(
  participant: string,
  visibility: Visibility,
  launcher: string,
): boolean {
  return canRead(readerOf(participant), visibility, launcher);
}

/** Every other participant of the registry that the query's visibility admits. */
export function defaultAddressees(launcher: string, visibility: Visibility): string[] {
  return PARTICIPANTS.map((p) => p.slug).filter(
    (slug) => slug !== launcher && mayReadQuery(slug, visibility, launcher),
  );
}

/**
 * The effective audience of a reply by `author` to a query of `launcher`: what the author named
 * (default: nobody else), never wider than the query's own audience, plus the launcher. The
 * author publishes the reply, so it always reads it; the launcher is listed, so every read path
 * routes the reply with the one visibility rule.
 */
export function replyAudience(
  requested: Visibility | undefined,
  query: { visibility: Visibility; launcher: string },
  author: string,
): Visibility {
  const { visibility: scope, launcher } = query;
  if (requested?.level === 'public' && scope.level === 'public') return { level: 'public' };
  let named: string[] = [];
  if (requested?.level === 'public') named = scope.level === 'rcps' ? scope.rcps : [];
  if (requested?.level === 'rcps') {
    named = requested.rcps.filter((p) => mayReadQuery(p, scope, launcher));
  }
  const rcps = [...new Set([launcher, ...named])].filter((p) => p !== author);
  return { level: 'rcps', rcps };
}
