import type { BusConfig } from '@rcpx/bus';
import type { BaseConfig } from './config.ts';

/** The bus settings of a service's configuration; `name` is shown by the NATS server. */
export function busConfigOf(
  config: Pick<
    BaseConfig,
    'NATS_URL' | 'RCPX_STREAM' | 'RCPX_SUBJECT_PREFIX' | 'RCPX_STREAM_REPLICAS'
  >,
  name: string,
): BusConfig {
  return {
    url: config.NATS_URL,
    stream: config.RCPX_STREAM,
    subjectPrefix: config.RCPX_SUBJECT_PREFIX,
    replicas: config.RCPX_STREAM_REPLICAS,
    name,
  };
}
