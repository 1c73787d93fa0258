// Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF) are dropped.
const INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for an XML text node. */
export function escapeText(s: string): string {
  return s.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for a double- or single-quoted XML attribute value. */
export function escapeAttr(s: string): string {
  return escapeText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export type Attrs = Record<string, string | undefined>;

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('');
}

/** `<name a="…">escaped text</name>`. */
export function textElement(name: string, text: string, a: Attrs = {}): string {
  return `<${name}${attrs(a)}>${escapeText(text)}</${name}>`;
}

/** `<name a="…"/>`. */
export function emptyElement(name: string, a: Attrs = {}): string {
  return `<${name}${attrs(a)}/>`;
}

/** `<name a="…">children</name>` where children are already-built XML. */
export function element(name: string, a: Attrs, children: readonly string[]): string {
  return `<${name}${attrs(a)}>${children.join('')}</${name}>`;
}
