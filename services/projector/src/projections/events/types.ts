import type { CloudEvent } from '@rcpx/contracts';

/** One `<rm>.events` row: the log mirrored, routing fields from the event's own data. */
export interface EventRecord {
  seq: number;
  id: string;
  type: string;
  kind: string;
  item_id: string;
  participant: string;
  themes: string[];
  vis_level: 'public' | 'members' | 'rcps';
  vis_rcps: string[];
  time: string;
  envelope: CloudEvent;
}
