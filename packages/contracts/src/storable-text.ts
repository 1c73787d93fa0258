// Text that PostgreSQL cannot hold: `text` refuses NUL (U+0000), `jsonb` refuses `\u0000` and
// lone UTF-16 surrogates (`"\ud800"`, which JSON.parse accepts). A write carrying one would be in
// the log but missing from every read model, so requests are refused up front.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be stored as PostgreSQL text or jsonb; undefined when it can. */
export function unstorableTextReason(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain NUL (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must not contain a lone UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

/** A string, or an object key, that PostgreSQL cannot store: where it is and why. */
export interface UnstorableText {
  /** Object keys and array indexes from `value` down to the string. */
  path: string[];
  message: string;
}

interface Node {
  value: unknown;
  key: string | undefined;
  parent: Node | undefined;
  depth: number;
}

function pathOf(node: Node): string[] {
  const path: string[] = [];
  for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) path.push(n.key);
  return path.reverse();
}

/**
 * The first string of `value` (a JSON-like value: strings, arrays, plain objects; object keys
 * included) that PostgreSQL cannot store, or undefined. Arrays and objects nested deeper than
 * `maxDepth` are reported too (no request of the API nests that deep; handlers that recurse
 * would overflow the stack). Iterative, linear in the size of `value`.
 */
export function findUnstorableText(value: unknown, maxDepth = 64): UnstorableText | undefined {
  const stack: Node[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      const message = unstorableTextReason(v);
      if (message) return { path: pathOf(node), message };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (node.depth >= maxDepth) {
      return { path: pathOf(node), message: `must not nest more than ${maxDepth} levels deep` };
    }
    const depth = node.depth + 1;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i], key: String(i), parent: node, depth });
      }
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const message = unstorableTextReason(key);
      if (message)
        return {
          path: pathOf({ value: key, key, parent: node, depth }),
          message: `name ${message}`,
        };
      stack.push({ value: child, key, parent: node, depth });
    }
  }
  return undefined;
}
/**
 * `value` with every string (and key) made storable: NUL and lone surrogates become U+FFFD.
 * Recursive: for values already bounded in depth (events of the log).
 */
export function toStorableText<T>(value: T): T {
  const fix = (s: string) =>
    unstorableTextReason(s) === undefined
      ? s
      : s.replaceAll('\u0000', '\uFFFD').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fix(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, c]) => [fix(k), walk(c)]));
    }
    return v;
  };
  return walk(value) as T;
}
