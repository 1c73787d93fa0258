export {
  startNatsServer,
  natsServerBinary,
  type NatsServerHandle,
  type StartNatsServerOptions,
} from './nats-server.ts';
export { startPostgres, type PostgresHandle, type StartPostgresOptions } from './postgres.ts';
export { postgresCanReach } from './postgres-binaries.ts';
export { pgAnswers, natsAnswers, natsHostPort } from './probe.ts';
export { freePort } from './free-port.ts';
export { waitFor, type WaitForOptions } from './wait-for.ts';
export { exitOf, isAlive, LineTail, type ExitInfo } from './child-process.ts';
export { onProcessExit } from './exit-hooks.ts';
