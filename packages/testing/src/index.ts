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
  npmStartNodeFlags,
  spawnService,
  type ServiceProcess,
  type SpawnServiceOptions,
  type ExitInfo,
} from './spawn-service.ts';
export {
  spawnAllInOne,
  type AllInOneProcess,
  type SpawnAllInOneOptions,
} from './spawn-all-in-one.ts';
export { rng } from './rng.ts';
export { startReceiver, type Received } from './http-receiver.ts';
export {
  startNatsCluster,
  loopbackNodeConfig,
  type NatsCluster,
  type StartNatsClusterOptions,
} from './nats-cluster.ts';
// the local servers (embedded Postgres, nats-server) and the helpers tests use with them
export {
  startNatsServer,
  natsServerBinary,
  startPostgres,
  pgAnswers,
  natsAnswers,
  freePort,
  waitFor,
  type NatsServerHandle,
  type StartNatsServerOptions,
  type PostgresHandle,
  type StartPostgresOptions,
  type WaitForOptions,
} from '@rcpx/local-infra';
