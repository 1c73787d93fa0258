import type { Migration } from 'kysely';
import * as tokens from './2026-11-27T1600-tokens.ts';
import * as webhooks from './2026-11-27T1700-webhooks.ts';
import * as deliveryStatuses from './2026-11-27T1900-delivery-statuses.ts';
import * as subscriptionTokens from './2026-12-04T1830-subscription-tokens.ts';
import * as subscriptionCountries from './2026-12-04T1850-subscription-countries.ts';
import * as sessions from './2026-12-05T0000-sessions.ts';
import * as subscriptionMemberStates from './2026-12-05T0105-subscription-member-states.ts';

/** Migrations of the `public` schema, by timestamped name. */
export const coreMigrations: Record<string, Migration> = {
  '2026-11-27T1600-tokens': tokens,
  '2026-11-27T1700-webhooks': webhooks,
  '2026-11-27T1900-delivery-statuses': deliveryStatuses,
  '2026-12-04T1830-subscription-tokens': subscriptionTokens,
  '2026-12-04T1850-subscription-countries': subscriptionCountries,
  '2026-12-05T0000-sessions': sessions,
  '2026-12-05T0105-subscription-member-states': subscriptionMemberStates,
};
