import { LANGUAGES } from '@rcpx/contracts';
import type { SearchRow } from './types.ts';

type Texts = Pick<SearchRow, 'text_en' | 'text_fr' | 'text_es' | 'text_any'>;

class TextCollector {
  private readonly parts = { en: [] as string[], fr: [] as string[], es: [] as string[] };
  private readonly any: string[] = [];

  /** A localised text (`{en, fr, es}`), or a plain string. */
  add(value: unknown): void {
    if (typeof value === 'string') {
      if (value !== '') this.any.push(value);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    for (const lang of LANGUAGES) {
      const s = o[lang];
      if (typeof s === 'string' && s !== '') this.parts[lang].push(s);
    }
  }

  /** A plain string only. */
  addPlain(value: unknown): void {
    if (typeof value === 'string' && value !== '') this.any.push(value);
  }

  result(): Texts {
    return {
      text_en: this.parts.en.join('\n'),
      text_fr: this.parts.fr.join('\n'),
      text_es: this.parts.es.join('\n'),
      text_any: this.any.join('\n'),
    };
  }
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asObject = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * The searchable text of an item's data besides its title (which `item_search` holds on its own
 * and indexes with weight A — parsing it once more here would only cost): per language every
 * other localised text (summary, body, outcome titles and texts), and `text_any` the plain
 * strings (an outcome text given as a string, the contact, link titles, the venue).
 */
export function textsOf(kind: string, data: Record<string, unknown>): Texts {
  const c = new TextCollector();
  if (kind === 'meeting') {
    const meeting = asObject(data.meeting);
    c.add(data.summary);
    for (const o of asArray(data.outcomes)) {
      const outcome = asObject(o);
      c.add(outcome.title);
      c.add(outcome.text);
    }
    c.addPlain(meeting.venue);
  } else {
    c.add(data.summary);
    c.add(data.body);
    const contact = data.contact;
    if (typeof contact === 'string') c.addPlain(contact);
    else {
      const o = asObject(contact);
      c.addPlain(o.name);
      c.addPlain(o.organisation);
    }
    for (const link of asArray(data.links)) c.addPlain(asObject(link).title);
  }
  return c.result();
}
