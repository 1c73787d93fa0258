import { STAGES } from './i18n-network.ts';
import type { Stage } from './i18n-network.ts';

// The geometry of "who learns from whom" (no DOM): the processes whose practices are taken up on
// the left, those who take them up on the right, one band per (from, to, stage), its thickness
// proportional to the number of practices.

/** A row of `GET /v1/stats/flows`. */
export interface FlowRow {
  from: string;
  to: string;
  stage: string;
  n: number;
}

/** A process on one side of the drawing. */
export interface FlowNode {
  slug: string;
  side: 'from' | 'to';
  x: number;
  y: number;
  height: number;
  /** Practices through it. */
  n: number;
}

/** A band from a node on the left to one on the right. */
export interface FlowBand {
  from: string;
  to: string;
  stage: Stage;
  n: number;
  /** SVG path data of the band (a closed shape). */
  d: string;
}

export interface FlowLayout {
  width: number;
  height: number;
  nodes: FlowNode[];
  bands: FlowBand[];
  /** Practices in all (each adopter's latest stage of each practice counted once). */
  total: number;
}

export const FLOW_WIDTH = 760;
export const FLOW_HEIGHT = 260;
const PAD_Y = 12;
const NODE_W = 10;
/** Room for the labels beside the nodes. */
const LEFT_X = 235;
const RIGHT_X = FLOW_WIDTH - 235 - NODE_W;
const GAP = 8;

const stageOf = (s: string): Stage | null =>
  (STAGES as readonly string[]).includes(s) ? (s as Stage) : null;

/** Lays out `rows` (rows with an unknown stage or no practice are left out). */
export function layoutFlows(rows: readonly FlowRow[]): FlowLayout {
  const kept = rows
    .map((r) => ({ ...r, stage: stageOf(r.stage) }))
    .filter((r): r is FlowRow & { stage: Stage } => r.stage !== null && r.n > 0);
  const total = kept.reduce((s, r) => s + r.n, 0);
  const sum = (key: 'from' | 'to') => {
    const m = new Map<string, number>();
    for (const r of kept) m.set(r[key], (m.get(r[key]) ?? 0) + r.n);
    // the busiest first; ties by slug, so the drawing does not reshuffle on a refresh
    return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const froms = sum('from');
  const tos = sum('to');
  const most = Math.max(froms.length, tos.length, 1);
  const scale = total === 0 ? 0 : (FLOW_HEIGHT - 2 * PAD_Y - GAP * (most - 1)) / total;

  const nodes: FlowNode[] = [];
  const place = (list: [string, number][], side: 'from' | 'to', x: number) => {
    const used = total * scale + GAP * (list.length - 1);
    let y = (FLOW_HEIGHT - used) / 2;
    const at = new Map<string, FlowNode>();
    for (const [slug, n] of list) {
      const node: FlowNode = { slug, side, x, y, height: n * scale, n };
      nodes.push(node);
      at.set(slug, node);
      y += node.height + GAP;
    }
    return at;
  };
  const left = place(froms, 'from', LEFT_X);
  const right = place(tos, 'to', RIGHT_X);

  const rank = (list: [string, number][]) => new Map(list.map(([slug], i) => [slug, i]));
  const fromRank = rank(froms);
  const toRank = rank(tos);
  const stageRank = (s: Stage) => STAGES.indexOf(s);
  // Each node's bands are stacked in the order of the nodes on the other side, so they do not
  // cross needlessly.
  const outOrder = [...kept].sort(
    (a, b) => toRank.get(a.to)! - toRank.get(b.to)! || stageRank(a.stage) - stageRank(b.stage),
  );
  const inOrder = [...kept].sort(
    (a, b) =>
      fromRank.get(a.from)! - fromRank.get(b.from)! || stageRank(a.stage) - stageRank(b.stage),
  );
  const outY = new Map<FlowRow, number>();
  const inY = new Map<FlowRow, number>();
  const cursor = new Map<string, number>();
  for (const r of outOrder) {
    const node = left.get(r.from)!;
    const y = cursor.get(`f:${r.from}`) ?? node.y;
    outY.set(r, y);
    cursor.set(`f:${r.from}`, y + r.n * scale);
  }
  for (const r of inOrder) {
    const node = right.get(r.to)!;
    const y = cursor.get(`t:${r.to}`) ?? node.y;
    inY.set(r, y);
    cursor.set(`t:${r.to}`, y + r.n * scale);
  }

  const x0 = LEFT_X + NODE_W;
  const x1 = RIGHT_X;
  const xm = (x0 + x1) / 2;
  const f = (v: number) => Math.round(v * 10) / 10;
  const bands: FlowBand[] = outOrder.map((r) => {
    const h = r.n * scale;
    const a = outY.get(r)!;
    const b = inY.get(r)!;
    const d =
      `M${f(x0)},${f(a)} C${f(xm)},${f(a)} ${f(xm)},${f(b)} ${f(x1)},${f(b)} ` +
      `L${f(x1)},${f(b + h)} C${f(xm)},${f(b + h)} ${f(xm)},${f(a + h)} ${f(x0)},${f(a + h)} Z`;
    return { from: r.from, to: r.to, stage: r.stage, n: r.n, d };
  });
  return { width: FLOW_WIDTH, height: FLOW_HEIGHT, nodes, bands, total };
}

/** The width of a node bar. */
export const FLOW_NODE_WIDTH = NODE_W;
