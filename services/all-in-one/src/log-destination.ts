import type { DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';

/**
 * Where `npm start` logs: human-readable lines (pino-pretty) when `out` is a terminal, otherwise
 * undefined (pino's JSON lines, for log collectors). Formats synchronously, so a log line written
 * before the banner is printed before it.
 */
export function terminalLogDestination(
  out: NodeJS.WriteStream = process.stdout,
): DestinationStream | undefined {
  if (!out.isTTY) return undefined;
  const prettify = prettyFactory({
    colorize: out.hasColors?.() ?? false,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return { write: (line: string) => void out.write(prettify(line)) };
}
