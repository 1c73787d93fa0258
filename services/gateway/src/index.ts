export { buildApp } from './app.ts';
export type { GatewayDeps } from './app.ts';
export { gatewayRoutes, AFTER_HEADER } from './live-routes.ts';
export type { GatewayRoutesOptions } from './live-routes.ts';
export { startLiveHub } from './live-hub.ts';
export type { LiveHub, LiveHubOptions, LiveSubscriber, HubLogger } from './live-hub.ts';
export { Frame } from './frame.ts';
export { LiveFilter } from './live-filter.ts';
export type { LiveFilterSpec } from './live-filter.ts';
export { LIVE_CLOSE, slowConsumerReason } from './close-codes.ts';
export { GatewayConfig, LiveConfig, liveSettings, DEFAULT_LIVE_SETTINGS } from './config.ts';
export type { LiveSettings } from './config.ts';
export { dashboardRoutes, DASHBOARD_CSP, type DashboardRoutesOptions } from './dashboard-routes.ts';
export { PAGE_CSP } from './web-page.ts';
export {
  workspaceRoutes,
  workspaceBundle,
  type WorkspaceRoutesOptions,
} from './workspace-routes.ts';
