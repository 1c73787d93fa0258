// The first reads of the URL's view, started at page load while the session is being checked.
// Each view declares its own (its `firstReads`, which it calls again when it draws): here they are
// only started early, and the view's same reads take their answers (`readEarly` in api.ts). Those
// that name the signed-in participant go by who was signed in last in this browser (a hint, not a
// secret: a wrong or stale hint only starts reads no view takes).

import { readEarly } from './api.ts';
import type { SessionInfo } from './api.ts';
import { firstReads as catalogueReads } from './catalogue.ts';
import type { Reader } from './context.ts';
import { firstReads as followUpReads } from './follow-up-view.ts';
import { firstReads as editReads } from './form-view.ts';
import { firstReads as itemReads } from './item-view.ts';
import { firstReads as myWorkReads } from './my-work-view.ts';
import { firstReads as queryReads } from './query-view.ts';
import type { Route } from './router.ts';
import { firstReads as subscriptionReads } from './subscription-view.ts';
import { firstReads as subscriptionsReads } from './subscriptions-view.ts';

const HINT_KEY = 'rcpx.me';

/** Remembers who is signed in (participant and role) for the next load's early reads. */
export function rememberSession(session: SessionInfo | null): void {
  try {
    if (session?.participant)
      localStorage.setItem(HINT_KEY, `${session.participant} ${session.role}`);
    else localStorage.removeItem(HINT_KEY);
  } catch {
    // no storage: no early reads that name the participant
  }
}

function hint(): Reader | null {
  try {
    const [me, role] = (localStorage.getItem(HINT_KEY) ?? '').split(' ');
    return me && role ? { me, role } : null;
  } catch {
    return null;
  }
}

/** Starts the first reads of `route`'s view, each view's own (none for those that read nothing). */
export function startFirstReads(route: Route): void {
  const who = hint();
  const query = new URLSearchParams(location.search);
  readEarly(() => {
    switch (route.view) {
      case 'list':
        return catalogueReads(route);
      case 'item':
        return itemReads(route, who);
      case 'edit':
        return editReads(route);
      case 'subscriptions':
        return subscriptionsReads();
      case 'subscription':
        return subscriptionReads(route);
      case 'my-work':
        return who && myWorkReads({ query }, who);
      case 'query':
        return queryReads({ ...route, query });
      case 'follow-up':
        return followUpReads({ ...route, query });
      default:
        return;
    }
  });
}
