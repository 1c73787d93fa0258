export { buildApp } from './app.ts';
export type { WebhooksDeps } from './app.ts';
export { webhooksRoutes, MAX_SUBSCRIPTIONS } from './webhooks-routes.ts';
export type { WebhooksRoutesOptions } from './webhooks-routes.ts';
export { startWebhookWorker } from './worker.ts';
export { FANOUT_LOCK } from './fanout.ts';
export type { WebhookWorker, WebhookWorkerDeps } from './worker.ts';
export { WebhookSettings, WebhooksConfig, DEFAULT_WEBHOOK_SETTINGS } from './settings.ts';
export type { WebhookConfigInput } from './settings.ts';
export { generateSecret, sign, webhookHeaders } from './signing.ts';
export {
  checkTarget,
  isForbiddenAddress,
  parseAllowList,
  TargetRefusedError,
} from './target-guard.ts';
export type { AllowList } from './target-guard.ts';
