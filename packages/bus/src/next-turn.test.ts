import t from 'tap';
import { nextTurn } from './next-turn.ts';

t.test('one promise per turn of the event loop', async (t) => {
  const a = nextTurn();
  t.equal(nextTurn(), a, 'same turn, same promise');
  await a;
  const b = nextTurn();
  t.not(b, a, 'the next turn has its own');
  await b;
});
