// The reads a view of the URL will make first, started at page load while the session is being
// checked: the view takes their answers (`readEarly` in api.ts). Those that name the signed-in
// participant go by who was signed in last in this browser (a hint, not a secret: a wrong or stale
// hint only starts reads no view takes).

import { api, readEarly } from './api.ts';
import type { SessionInfo } from './api.ts';
import { myWorkApi } from './api-my-work.ts';
import type { Route } from './router.ts';
import { apiListQuery } from './router.ts';
import { subsApi } from './subs-api.ts';

const minSeqOf = (query: URLSearchParams) => Number(query.get('minSeq')) || undefined;

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

function hint(): { me: string; role: string } | null {
  try {
    const [me, role] = (localStorage.getItem(HINT_KEY) ?? '').split(' ');
    return me && role ? { me, role } : null;
  } catch {
    return null;
  }
}

/** Starts the first reads of `route`'s view (none for the views that read nothing first). */
export function startFirstReads(route: Route): void {
  const was = hint();
  readEarly(() => {
    switch (route.view) {
      case 'list':
        return api.list(route.collection, apiListQuery(route.query));
      case 'item': {
        const minSeq = minSeqOf(route.query);
        api.item(route.collection, route.id, minSeq);
        api.versions(route.collection, route.id, minSeq);
        if (route.collection !== 'practices') return;
        myWorkApi.lineage(route.id, minSeq);
        if (was?.role === 'publisher') myWorkApi.myPractices(was.me);
        return;
      }
      case 'edit':
        return api.item(route.collection, route.id);
      case 'subscriptions':
        return subsApi.list();
      case 'subscription':
        return [subsApi.get(route.id), subsApi.deliveries(route.id)];
      case 'my-work': {
        if (!was) return;
        const minSeq = minSeqOf(new URLSearchParams(location.search));
        return [
          myWorkApi.awaiting(was.me, minSeq),
          myWorkApi.openQueries(minSeq),
          myWorkApi.launchedBy(was.me, minSeq),
          myWorkApi.addressedTo(was.me, minSeq),
        ];
      }
      case 'query':
        return myWorkApi.query(route.id, minSeqOf(new URLSearchParams(location.search)));
      case 'follow-up':
        return myWorkApi.followUpHistory(
          route.meetingId,
          route.ref,
          minSeqOf(new URLSearchParams(location.search)),
        );
      default:
        return;
    }
  });
}
