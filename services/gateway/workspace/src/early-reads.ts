// The reads a view of the URL will make first, started at page load while the session is being
// checked (they do not depend on it): the view takes their answers (`readEarly` in api.ts).

import { api, readEarly } from './api.ts';
import { myWorkApi } from './api-my-work.ts';
import type { Route } from './router.ts';
import { apiListQuery } from './router.ts';
import { subsApi } from './subs-api.ts';

const minSeqOf = (query: URLSearchParams) => Number(query.get('minSeq')) || undefined;

/** Starts the first reads of `route`'s view (none for the views that read nothing first). */
export function startFirstReads(route: Route): void {
  readEarly(() => {
    switch (route.view) {
      case 'list':
        return api.list(route.collection, apiListQuery(route.query));
      case 'item': {
        const minSeq = minSeqOf(route.query);
        api.item(route.collection, route.id, minSeq);
        api.versions(route.collection, route.id, minSeq);
        if (route.collection === 'practices') myWorkApi.lineage(route.id, minSeq);
        return;
      }
      case 'edit':
        return api.item(route.collection, route.id);
      case 'subscriptions':
        return subsApi.list();
      case 'subscription':
        return [subsApi.get(route.id), subsApi.deliveries(route.id)];
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
