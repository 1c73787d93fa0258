export { buildApp } from './app.ts';
export type { QueryDeps } from './app.ts';
export { queryRoutes } from './query-routes.ts';
export type { QueryRoutesOptions } from './query-routes.ts';
export { listItems } from './items-list.ts';
export { listActivity } from './activity.ts';
export { countsFor } from './counts.ts';
export { encodeCursor, decodeCursor } from './cursor.ts';
export type { Cursor } from './cursor.ts';
