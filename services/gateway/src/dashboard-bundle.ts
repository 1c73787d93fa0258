import { fileURLToPath } from 'node:url';
import { buildWebBundle, webBundle } from './web-bundle.ts';
import type { WebAsset, WebBundle } from './web-bundle.ts';

/** A built file of the dashboard, served under `/dashboard/assets/<name>`. */
export type DashboardAsset = WebAsset;

/** The dashboard as served: its page and its content-hashed assets. */
export type DashboardBundle = WebBundle;

/** The dashboard's source folder (`services/gateway/dashboard`). */
export const DASHBOARD_DIR = fileURLToPath(new URL('../dashboard/', import.meta.url));

/** Bundles the dashboard with esbuild in memory (see `buildWebBundle`). */
export const buildDashboard = (): Promise<DashboardBundle> => buildWebBundle(DASHBOARD_DIR);

/** The dashboard bundle, built once per process (a failed build is retried on the next call). */
export const dashboardBundle = (): Promise<DashboardBundle> => webBundle(DASHBOARD_DIR);
