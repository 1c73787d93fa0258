export { getInfra, type Infra } from './infra.ts';
export {
  createTestEnv,
  deleteStream,
  withDatabase,
  TEST_DATABASE_PREFIX,
  type TestEnv,
  type TeardownHost,
} from './test-env.ts';
export {
  openTestDb,
  openTestDeps,
  mintToken,
  serviceEnv,
  type TestDb,
  type TestDbOptions,
  type TestDeps,
  type TestDepsOptions,
} from './test-deps.ts';
export { appendPracticeEvent, type PracticeEventSpec } from './append-practice.ts';
export {
  startNatsServer,
  natsServerBinary,
  type NatsServerHandle,
  type StartNatsServerOptions,
} from './nats-server.ts';
export {
  startNatsCluster,
  loopbackNodeConfig,
  type NatsCluster,
  type StartNatsClusterOptions,
} from './nats-cluster.ts';
export { startPostgres, type PostgresHandle, type StartPostgresOptions } from './postgres.ts';
export {
  spawnService,
  type ServiceProcess,
  type SpawnServiceOptions,
  type ExitInfo,
} from './spawn-service.ts';
export { freePort } from './free-port.ts';
export { waitFor, type WaitForOptions } from './wait-for.ts';
export { pgAnswers, natsAnswers } from './probe.ts';
export { rng } from './rng.ts';
