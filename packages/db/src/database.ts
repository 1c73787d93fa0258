import type { FollowUpOutcomesTable, FollowUpReportsTable } from './follow-ups.table.ts';
import type { SessionsTable } from './sessions.table.ts';
import type { TokensTable } from './tokens.table.ts';
import type {
  ConsumerCheckpointsTable,
  DeliveriesTable,
  SubscriptionsTable,
  WebhookEventsTable,
} from './webhooks.table.ts';
import type {
  AdoptionHistoryTable,
  AdoptionPracticesTable,
  AdoptionsTable,
  CheckpointTable,
  CountsTable,
  EventsTable,
  ItemSearchTable,
  ItemsTable,
  MembershipsTable,
  SkippedEventsTable,
  QueriesTable,
  QueryRepliesTable,
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
  queries: QueriesTable;
  query_replies: QueryRepliesTable;
  adoptions: AdoptionsTable;
  adoption_history: AdoptionHistoryTable;
  adoption_practices: AdoptionPracticesTable;
  follow_up_outcomes: FollowUpOutcomesTable;
  follow_up_reports: FollowUpReportsTable;
  consumer_checkpoints: ConsumerCheckpointsTable;
  subscriptions: SubscriptionsTable;
  webhook_events: WebhookEventsTable;
  deliveries: DeliveriesTable;
}
