import t from 'tap';
import { errors } from '@nats-io/transport-node';
import { JetStreamApiError } from '@nats-io/jetstream';
import {
  BusUnavailableError,
  isBusUnavailable,
  toBusError,
  WrongLastSequenceError,
} from './errors.ts';

t.test('isBusUnavailable recognises connection-level failures, also as causes', async (t) => {
  t.ok(isBusUnavailable(new BusUnavailableError()));
  t.ok(isBusUnavailable(new errors.TimeoutError()));
  t.ok(isBusUnavailable(new errors.ClosedConnectionError()));
  t.ok(
    isBusUnavailable(new errors.RequestError('x', { cause: new errors.NoRespondersError('s') })),
  );
  t.ok(isBusUnavailable(new Error('wrapped', { cause: new errors.TimeoutError() })));
  t.ok(
    isBusUnavailable(
      new JetStreamApiError({ code: 503, err_code: 10008, description: 'temporarily unavailable' }),
    ),
  );
  t.notOk(isBusUnavailable(new WrongLastSequenceError('s', 1)));
  t.notOk(
    isBusUnavailable(
      new JetStreamApiError({ code: 400, err_code: 10071, description: 'wrong last sequence: 1' }),
    ),
  );
  t.notOk(isBusUnavailable(new Error('boom')));
  t.notOk(isBusUnavailable(undefined));
});

t.test('toBusError wraps only unavailability', async (t) => {
  const wrapped = toBusError(new errors.TimeoutError(), 'append');
  t.ok(wrapped instanceof BusUnavailableError);
  t.match((wrapped as Error).message, /^append: /);
  const other = new Error('boom');
  t.equal(toBusError(other, 'append'), other);
});
