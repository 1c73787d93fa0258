export { buildApp } from './app.ts';
export type { FeedsDeps } from './app.ts';
export { feedsRoutes } from './feeds-routes.ts';
export type { FeedsRoutesOptions } from './feeds-routes.ts';
export { eventsPage, EVENTS_BATCH_TYPE } from './events-route.ts';
export { renderFeed } from './atom.ts';
export type { FeedEvent, FeedSpec, FeedLinks } from './atom.ts';
