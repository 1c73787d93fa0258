import type { Kysely } from 'kysely';
import { Counter, Gauge, type Registry } from 'prom-client';
import { readModelsCheckpoint, readProjectionCheckpoints, type Database } from '@rcpx/db';
import type { ApplyResult } from './apply-batch.ts';

/** The projector's Prometheus metrics; `onApplied`/`onRoleChange` are `startProjector` hooks. */
export interface ProjectorMetrics {
  onApplied(result: ApplyResult): void;
  onRoleChange(role: 'leader' | 'standby'): void;
  /** Adds the metrics to an app's registry (`app.metrics`). */
  registerTo(registry: Registry): void;
}

/**
 * `rcpx_projector_checkpoint` (the minimum over the projections, read from `schema` at scrape
 * time, so standbys report it too), `rcpx_projection_checkpoint` (per projection),
 * `rcpx_projector_events_applied_total`, `rcpx_projector_events_skipped_total` and
 * `rcpx_projector_leader` (1 while this instance applies).
 */
export function projectorMetrics(db: Kysely<Database>, schema: string): ProjectorMetrics {
  const checkpoint = new Gauge({
    name: 'rcpx_projector_checkpoint',
    help: 'Last seq of the log applied to the read models',
    labelNames: ['schema'] as const,
    registers: [],
    async collect() {
      const seq = await readModelsCheckpoint(db, schema).catch(() => undefined);
      if (seq !== undefined) this.set({ schema }, seq);
    },
  });
  const perProjection = new Gauge({
    name: 'rcpx_projection_checkpoint',
    help: 'Last seq of the log applied by each projection of the read models',
    labelNames: ['schema', 'projection'] as const,
    registers: [],
    async collect() {
      const seqs = await readProjectionCheckpoints(db, schema).catch(() => ({}));
      for (const [projection, seq] of Object.entries(seqs)) this.set({ schema, projection }, seq);
    },
  });
  const applied = new Counter({
    name: 'rcpx_projector_events_applied_total',
    help: 'Events applied to the read models by this process',
    registers: [],
  });
  const skipped = new Counter({
    name: 'rcpx_projector_events_skipped_total',
    help: 'Events of the log skipped because they are invalid',
    registers: [],
  });
  const leader = new Gauge({
    name: 'rcpx_projector_leader',
    help: '1 while this process is the active projector of the schema',
    registers: [],
  });
  return {
    onApplied(result) {
      applied.inc(result.applied);
      if (result.skipped > 0) skipped.inc(result.skipped);
    },
    onRoleChange(role) {
      leader.set(role === 'leader' ? 1 : 0);
    },
    registerTo(registry) {
      for (const m of [checkpoint, perProjection, applied, skipped, leader])
        registry.registerMetric(m);
    },
  };
}
