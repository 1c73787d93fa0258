import { FLOW_NODE_WIDTH, layoutFlows } from './flows-layout.ts';
import type { FlowRow } from './flows-layout.ts';
import type { NetworkStrings } from './i18n-network.ts';

// "Who learns from whom" drawn as SVG with DOM APIs (names only ever as text nodes).

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const e = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * The drawing of `rows`: one band per (from, to, stage), thickness ∝ practices, coloured by stage
 * (CSS: `.band[data-stage]`), each with a `<title>` in words; `label` names a process.
 */
export function flowsDrawing(
  doc: Document,
  rows: readonly FlowRow[],
  s: NetworkStrings,
  label: (slug: string) => string,
): SVGSVGElement {
  const layout = layoutFlows(rows);
  const root = svg(doc, 'svg', {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    preserveAspectRatio: 'xMidYMid meet',
    role: 'img',
    class: 'flows-svg',
  });
  root.setAttribute(
    'aria-label',
    `${s.flows}: ${s.flowsSummary(layout.bands.length, layout.total)}`,
  );
  const bands = svg(doc, 'g', { class: 'bands' });
  for (const b of layout.bands) {
    const path = svg(doc, 'path', { class: 'band', d: b.d });
    path.dataset.from = b.from;
    path.dataset.to = b.to;
    path.dataset.stage = b.stage;
    path.dataset.n = String(b.n);
    const title = svg(doc, 'title');
    title.textContent = s.flow(label(b.to), s.stages[b.stage], b.n, label(b.from));
    path.append(title);
    bands.append(path);
  }
  const nodes = svg(doc, 'g', { class: 'nodes' });
  for (const n of layout.nodes) {
    const g = svg(doc, 'g', { class: `node ${n.side}` });
    g.dataset.participant = n.slug;
    g.dataset.side = n.side;
    g.dataset.n = String(n.n);
    const rect = svg(doc, 'rect', {
      x: n.x,
      y: Math.round(n.y * 10) / 10,
      width: FLOW_NODE_WIDTH,
      height: Math.max(1, Math.round(n.height * 10) / 10),
      rx: 2,
    });
    const left = n.side === 'from';
    const text = svg(doc, 'text', {
      x: left ? n.x - 6 : n.x + FLOW_NODE_WIDTH + 6,
      y: Math.round((n.y + n.height / 2) * 10) / 10,
      'text-anchor': left ? 'end' : 'start',
      'dominant-baseline': 'middle',
    });
    text.textContent = `${label(n.slug)} · ${n.n}`;
    g.append(rect, text);
    nodes.append(g);
  }
  root.append(bands, nodes);
  return root;
}
