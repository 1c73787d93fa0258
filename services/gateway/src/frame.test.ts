import t from 'tap';
import { Frame } from './frame.ts';
import { testFrame } from './test-frame.ts';

t.test("a frame's routing is the event's own, never wider than written", async (t) => {
  const f = testFrame(3, { countries: ['LK'] });
  t.match(f, { seq: 3, participant: 'igc', themes: ['trafficking'], countries: ['LK'] });
  t.same(f.visibility, { level: 'public' });
  t.same(testFrame(4, { visibility: undefined, themes: 'x' }).visibility, { level: 'members' });
  t.same(testFrame(4, { visibility: { level: 'rcps' } }).visibility, { level: 'members' });
  t.same(testFrame(4, { themes: ['health', 7] }).themes, ['health']);
});

t.test("a frame sends the log's own JSON text when it has it", async (t) => {
  const { json } = testFrame(5);
  const event = JSON.parse(json.toString()) as ConstructorParameters<typeof Frame>[0];
  const text = JSON.stringify(event).replaceAll(',', ', ');
  const f = new Frame(event, text);
  t.equal(f.json.toString(), text);
  t.equal(f.ws.length, f.json.length + 4, 'a 16-bit length header');
  t.equal(f.sse.toString(), `id: 5\nevent: org.rcpx.practice.shared\ndata: ${text}\n\n`);
  const lines = new Frame(event, JSON.stringify(event, null, 1));
  t.equal(lines.json.toString(), JSON.stringify(event), 'text over lines is sent on one');
});
