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
  ItemsTable,
  ItemVersionsTable,
} from './read-models.table.ts';

/** Every table, as kysely sees it. Read-model tables live in the read schema (`rm`). */
export interface Database {
  tokens: TokensTable;
  checkpoint: CheckpointTable;
  items: ItemsTable;
  item_versions: ItemVersionsTable;
  events: EventsTable;
  counts: CountsTable;
  consumer_checkpoints: ConsumerCheckpointsTable;
  subscriptions: SubscriptionsTable;
  webhook_events: WebhookEventsTable;
  deliveries: DeliveriesTable;
}
