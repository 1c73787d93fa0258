import type { SessionsTable } from './sessions.table.ts';
import type { TokensTable } from './tokens.table.ts';
import type {
  ConsumerCheckpointsTable,
  DeliveriesTable,
  SubscriptionsTable,
  WebhookEventsTable,
} from './webhooks.table.ts';
import type {
  CheckpointTable,
  CountsTable,
  EventsTable,
  ItemSearchTable,
  ItemsTable,
  MembershipsTable,
  SkippedEventsTable,
} from './read-models.table.ts';

/** Every table, as kysely sees it. Read-model tables live in the read schema (`rm`). */
export interface Database {
  tokens: TokensTable;
  sessions: SessionsTable;
  checkpoint: CheckpointTable;
  items: ItemsTable;
  item_search: ItemSearchTable;
  events: EventsTable;
  counts: CountsTable;
  skipped_events: SkippedEventsTable;
  memberships: MembershipsTable;
  consumer_checkpoints: ConsumerCheckpointsTable;
  subscriptions: SubscriptionsTable;
  webhook_events: WebhookEventsTable;
  deliveries: DeliveriesTable;
}
