import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';

export interface Started {
  app: FastifyInstance;
  /** Extra shutdown work (stop consumers, loops…), run before `app.close()`. */
  close?: () => Promise<void>;
  /** Work after `app.close()` (e.g. stopping servers the process started for itself). */
  afterClose?: () => Promise<void>;
}

/**
 * Runs a service process: `start()` builds the app and listens; on SIGINT/SIGTERM (or an
 * uncaught error) it closes gracefully (`close?.()` then `app.close()`, which closes db/bus)
 * within 10 s. Exit codes: 0 after a signal, 1 when start or close fails, after an uncaught
 * error, or when closing takes longer than 10 s.
 */
export async function runMain(name: string, start: () => Promise<Started>): Promise<void> {
  let started: Started;
  try {
    started = await start();
  } catch (err) {
    process.stderr.write(
      `${name}: failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  }
  const { app, close, afterClose } = started;
  app.log.info({ service: name, addresses: app.addresses() }, `${name} started`);

  closeWithGrace(
    {
      delay: 10_000,
      logger: { error: (msg: unknown, ...rest: unknown[]) => app.log.error({ rest }, String(msg)) },
      onTimeout: (delay) => app.log.fatal(`${name}: graceful close took longer than ${delay} ms`),
    },
    async ({ err, signal }) => {
      if (err) app.log.fatal({ err }, `${name}: uncaught error, closing`);
      else app.log.info({ signal }, `${name}: closing`);
      try {
        await close?.();
        await app.close();
        await afterClose?.();
      } catch (closeErr) {
        app.log.error({ err: closeErr }, `${name}: error while closing`);
        process.exitCode = 1;
      }
      if (err) process.exitCode = 1;
      app.log.info(`${name}: closed`);
    },
  );
}
