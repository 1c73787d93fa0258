import t from 'tap';
import { canRead, narrowForOwner, type Reader, type Visibility } from './index.ts';

// narrowForOwner: an event of `owner` about an item of `itemOwner` is read by whoever may read
// both — and always by its author.
const SLUGS = ['bali-process', 'colombo-process', 'apc', 'iom'];
const visibilities: Visibility[] = [
  { level: 'public' },
  { level: 'members' },
  { level: 'rcps', rcps: ['apc'] },
  { level: 'rcps', rcps: ['bali-process', 'iom'] },
  { level: 'rcps', rcps: ['colombo-process', 'apc', 'iom'] },
];
const readers: Reader[] = [
  { kind: 'anonymous' },
  { kind: 'admin' },
  ...SLUGS.map((participant): Reader => ({
    kind: 'participant',
    participant,
    role: 'reader',
    tokenId: 't',
  })),
];

t.test('for every pair of audiences and every reader: both, or the author', async (t) => {
  let checked = 0;
  for (const owner of ['colombo-process', 'bali-process'])
    for (const own of visibilities)
      for (const item of visibilities) {
        const served = narrowForOwner(own, owner, item, 'bali-process');
        for (const r of readers) {
          const author = r.kind === 'participant' && r.participant === owner;
          const both = canRead(r, own, owner) && canRead(r, item, 'bali-process');
          t.equal(canRead(r, served, owner), both || author, JSON.stringify({ own, item, r }));
          checked++;
        }
      }
  t.ok(checked > 200);
});
