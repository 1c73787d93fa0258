// Test-only (not part of the package API): frames of a fixed practice event.
import { sourceOf, type CloudEvent } from '@rcpx/contracts';
import { Frame } from './frame.ts';

/** The frame of a public `trafficking` practice event at `seq`; `data` adds or overrides fields. */
export function testFrame(seq: number, data: Record<string, unknown> = {}): Frame {
  return new Frame({
    specversion: '1.0',
    id: '00000000-0000-4000-8000-000000000000',
    source: sourceOf('igc'),
    type: 'org.rcpx.practice.shared',
    subject: 'practices/x',
    time: new Date(0).toISOString(),
    datacontenttype: 'application/json',
    rcpxseq: seq,
    rcpxversion: 1,
    data: { themes: ['trafficking'], visibility: { level: 'public' }, ...data },
  } satisfies CloudEvent);
}
