import { pino, type DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';

/** The process's standard output, shared by its logs and its own messages (the banner). */
export interface ProcessOutput {
  /** Where the logger writes. */
  destination: DestinationStream;
  /** Writes `text` after every log line written so far. */
  print(text: string): void;
}

/**
 * `npm start`'s output: human-readable log lines (pino-pretty) when `out` is a terminal, else
 * pino's JSON lines (for log collectors), written asynchronously; `print` goes through the same
 * queue, so the banner is never overtaken by an earlier log line.
 */
export function processOutput(
  out: NodeJS.WriteStream & { fd: number } = process.stdout,
): ProcessOutput {
  if (!out.isTTY) {
    const destination = pino.destination({ dest: out.fd, sync: false });
    return { destination, print: (text) => void destination.write(text) };
  }
  const prettify = prettyFactory({
    colorize: out.hasColors?.() ?? false,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return {
    destination: { write: (line: string) => void out.write(prettify(line)) },
    print: (text) => void out.write(text),
  };
}
