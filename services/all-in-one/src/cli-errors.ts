import { ConfigError } from '@rcpx/service-kit';

/** A failure the CLI reports as is (exit 1). */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Bad command line (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `err` as one line for the terminal: its message's first line, never a stack trace. */
export function oneLine(err: unknown): string {
  if (err instanceof ConfigError) {
    return `invalid configuration: ${err.issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`;
  }
  if (err instanceof AggregateError && !err.message && err.errors.length > 0) {
    return oneLine(err.errors[0]); // e.g. pg: every address of localhost refused
  }
  if (err instanceof Error) {
    const first = err.message.split('\n').find((l) => l.trim() !== '');
    const code = (err as NodeJS.ErrnoException).code;
    return first?.trim() ?? code ?? err.name;
  }
  return String(err).split('\n')[0] ?? 'failed';
}
