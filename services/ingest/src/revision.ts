import { PracticeData, type PracticePatchBody } from '@rcpx/contracts';
import { problem } from '@rcpx/service-kit';
import { canonicalJson } from './idempotency.ts';

/** A practice's full new state and the names of the fields whose value changed. */
export interface Revision {
  data: PracticeData;
  changed: string[];
}

/**
 * Merges a patch's top-level fields over the last full state (without its `changed`), validates
 * the result as `PracticeData` (400 naming `body.<field>` otherwise) and lists the changed fields.
 */
export function revisePractice(last: Record<string, unknown>, patch: PracticePatchBody): Revision {
  const { changed: _previous, ...base } = last;
  const merged: Record<string, unknown> = { ...base };
  const changed: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (canonicalJson(base[key]) !== canonicalJson(value)) changed.push(key);
    merged[key] = value;
  }
  const parsed = PracticeData.safeParse(merged);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({
      path: ['body', ...i.path.map(String)].join('.'),
      message: i.message,
    }));
    throw problem.badRequest(
      errors.length === 1
        ? `${errors[0]!.path}: ${errors[0]!.message}`
        : 'The revised practice is invalid.',
      errors,
    );
  }
  return { data: parsed.data, changed };
}
