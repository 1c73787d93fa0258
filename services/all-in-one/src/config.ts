import type { z } from 'zod';
import { BaseConfig } from '@rcpx/service-kit';
import { LiveConfig } from '@rcpx/gateway';
import { WebhookSettings } from '@rcpx/webhooks';

/** Everything the all-in-one process reads: the contract's variables plus the services' tunables. */
export const AllInOneConfig = BaseConfig.extend(LiveConfig.shape).extend(WebhookSettings.shape);
export type AllInOneConfig = z.output<typeof AllInOneConfig>;
