import { RcpxError } from './index.ts';

/** The HTTP status a call was refused with (0 when it succeeded, -1 for anything not an answer). */
export const statusOf = (call: Promise<unknown>): Promise<number> =>
  call.then(
    () => 0,
    (e: unknown) => (e instanceof RcpxError ? e.status : -1),
  );
