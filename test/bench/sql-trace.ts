import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/** Time spent per kind of statement, as seen from the client (round trip included). */
export interface SqlTrace {
  plugin: KyselyPlugin;
  /** Statements by label, most time first. */
  summary(): { label: string; count: number; ms: number }[];
  reset(): void;
}

// The name of the first table a node tree names (values are not walked).
function firstTable(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const n = node as { kind?: string; table?: { identifier?: { name?: string } } };
  if (n.kind === 'TableNode') return n.table?.identifier?.name;
  if (n.kind === 'ValueNode' || n.kind === 'PrimitiveValueListNode') return undefined;
  for (const child of Object.values(node)) {
    const found = Array.isArray(child)
      ? child.map(firstTable).find((t) => t !== undefined)
      : firstTable(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

// A short, stable label: the statement's leading words and the first table it names.
function labelOf(node: RootOperationNode): string {
  const table = firstTable(node) ?? '';
  let head: string = node.kind.replace(/QueryNode$/, '').toLowerCase();
  if (node.kind === 'RawNode') {
    head = node.sqlFragments
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim()
      .split(' ')
      .slice(0, 2)
      .join(' ')
      .replace(/\($/, '');
  }
  return table ? `${head} … ${table}` : head;
}

/**
 * A kysely plugin timing every statement run through `db.withPlugin(trace.plugin)` (transactions
 * and raw `sql` inherit it), from when it was sent — or when the statement before it finished —
 * to its result. BEGIN/COMMIT are not kysely statements and are not seen.
 */
export function sqlTrace(): SqlTrace {
  const started = new WeakMap<object, { label: string; at: number }>();
  const totals = new Map<string, { count: number; ms: number }>();
  // Statements sent together on one connection (pipelined) are served one after the other:
  // a statement's own time starts when it was sent or when the previous one finished.
  let lastEnd = 0;
  return {
    plugin: {
      transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
        started.set(args.queryId, { label: labelOf(args.node), at: performance.now() });
        return args.node;
      },
      async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
        const s = started.get(args.queryId);
        if (s) {
          const t = totals.get(s.label) ?? { count: 0, ms: 0 };
          const end = performance.now();
          t.count++;
          t.ms += end - Math.max(s.at, lastEnd);
          lastEnd = end;
          totals.set(s.label, t);
        }
        return args.result;
      },
    },
    summary: () => [...totals].map(([label, t]) => ({ label, ...t })).sort((a, b) => b.ms - a.ms),
    reset: () => totals.clear(),
  };
}
