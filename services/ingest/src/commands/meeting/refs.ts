export { assignRefs } from '@rcpx/contracts';

/** The refs of the outcomes of a meeting's data (none when it has no list). */
export function refsOf(data: Record<string, unknown>): string[] {
  const outcomes = data['outcomes'];
  if (!Array.isArray(outcomes)) return [];
  return outcomes
    .map((o) => (o as { ref?: unknown }).ref)
    .filter((r): r is string => typeof r === 'string');
}
