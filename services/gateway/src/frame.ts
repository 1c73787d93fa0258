import { THEMES, countriesOfData, participantOfSource, routingOf } from '@rcpx/contracts';
import type { CloudEvent, Visibility } from '@rcpx/contracts';

const LINE_BREAK = /[\r\n]/;
const NO_COUNTRIES: readonly string[] = Object.freeze([]);

/** One bit per theme of the taxonomy (its first 32), to match a frame's themes with one AND. */
const THEME_BITS: ReadonlyMap<string, number> = new Map(
  THEMES.slice(0, 32).map((theme, i) => [theme.slug, 1 << i]),
);

/** The OR of the bits of `themes`; a theme without a bit adds nothing. */
export function themeMask(themes: readonly string[]): number {
  let mask = 0;
  for (const theme of themes) mask |= THEME_BITS.get(theme) ?? 0;
  return mask;
}

/** True when every theme of `themes` has a bit (then `themeMask` tells them all). */
export function themesHaveBits(themes: readonly string[]): boolean {
  return themes.every((theme) => THEME_BITS.has(theme));
}

/**
 * One event of the log, prepared once for every connection: its routing fields and its
 * serialized forms (a WebSocket text payload and a Server-Sent Events chunk), shared by reference.
 */
export class Frame {
  readonly seq: number;
  readonly type: string;
  /** Participant slug of the publisher (`source`). */
  readonly participant: string;
  readonly themes: readonly string[];
  /** `themeMask(themes)`. */
  readonly themeMask: number;
  /** `countriesOfData` (ISO 3166-1 alpha-2), for the `countries` filter. */
  readonly countries: readonly string[];
  readonly visibility: Visibility;
  /** The CloudEvent as JSON (UTF-8). */
  readonly json: Buffer;
  /** The whole WebSocket frame of that message (unmasked text frame: header + `json`). */
  readonly ws: Buffer;
  #sse: Buffer | undefined;

  /**
   * `json`: the event as the log's JSON text (`StoredEvent.json`), when the reader kept it; sent
   * as it is unless it spans lines (an SSE `data:` line must not).
   */
  constructor(event: CloudEvent, json?: string) {
    this.seq = event.rcpxseq;
    this.type = event.type;
    this.participant = participantOfSource(event.source);
    // An event without a readable visibility is members-only: never over-share.
    const routing = routingOf(event.data);
    this.themes = routing.themes;
    this.themeMask = themeMask(this.themes);
    const countries = countriesOfData(event.data);
    this.countries = countries.length > 0 ? countries : NO_COUNTRIES;
    this.visibility = routing.visibility;
    const text = json !== undefined && !LINE_BREAK.test(json) ? json : JSON.stringify(event);
    const length = Buffer.byteLength(text);
    const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    const ws = Buffer.allocUnsafe(header + length);
    ws[0] = 0x81; // FIN + text frame
    if (header === 2) {
      ws[1] = length; // a server frame is not masked
    } else if (header === 4) {
      ws[1] = 126;
      ws.writeUInt16BE(length, 2);
    } else {
      ws[1] = 127;
      ws.writeBigUInt64BE(BigInt(length), 2);
    }
    ws.write(text, header, 'utf8');
    this.ws = ws;
    this.json = ws.subarray(header);
  }

  /** `id: <seq>\nevent: <type>\ndata: <json>\n\n`, rendered on first use. */
  get sse(): Buffer {
    this.#sse ??= Buffer.concat([
      Buffer.from(`id: ${this.seq}\nevent: ${this.type}\ndata: `),
      this.json,
      Buffer.from('\n\n'),
    ]);
    return this.#sse;
  }

  /** Bytes held by this frame (for the hub's memory bound). */
  get size(): number {
    return this.ws.length + (this.#sse?.length ?? this.json.length) + 64;
  }
}
