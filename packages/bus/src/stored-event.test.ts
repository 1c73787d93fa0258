import t from 'tap';
import { toStoredEvent } from './stored-event.ts';

const encoder = new TextEncoder();
const message = (payload: string, seq = 7) => ({
  seq,
  subject: 'rcpx.events.practice.x',
  data: encoder.encode(payload),
  headers: undefined,
  time: new Date(0),
});

t.test('json is the log text with rcpxseq as its last member; it parses to event', async (t) => {
  for (const payload of [
    '{"id":"a","data":{"title":{"en":"Ré\\"turn\\\\"}}}',
    ' {\n  "id": "a",\n  "n": 1.50\n}\n ',
    '{}',
    '{ \t\n }',
    '{"id":"a","rcpxseq":99}',
  ]) {
    const stored = toStoredEvent(message(payload));
    t.equal(stored.event.rcpxseq, 7, payload);
    t.same(JSON.parse(stored.json), stored.event, payload);
    t.ok(stored.json.startsWith(payload.slice(0, payload.lastIndexOf('}'))), payload);
  }
});

t.test('a payload that is no JSON object reads as { rcpxseq } alone, never a throw', async (t) => {
  for (const payload of ['not json', 'null', '[1,2]', '"text"', '42', '{"a":']) {
    const stored = toStoredEvent(message(payload, 3));
    t.same(stored.event, { rcpxseq: 3 }, payload);
    t.same(JSON.parse(stored.json), { rcpxseq: 3 }, payload);
  }
});
