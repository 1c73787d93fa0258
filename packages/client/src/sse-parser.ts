/** One dispatched Server-Sent Events message. */
export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Parses a `text/event-stream` body (per the HTML spec: `event`, `data`, `id` fields, `:`
 * comments, CRLF/LF/CR line ends). Yields each message that has data or a non-default event.
 */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const lineEnd = /\r\n|\r|\n/g;
      let start = 0;
      for (;;) {
        lineEnd.lastIndex = start;
        const m = lineEnd.exec(buffer);
        if (!m) break;
        // A lone CR at the end of the buffer may be half of a CRLF: wait for more.
        if (m[0] === '\r' && m.index + 1 === buffer.length) break;
        const line = buffer.slice(start, m.index);
        start = m.index + m[0].length;
        if (line === '') {
          if (data.length > 0 || event !== '') {
            yield { event: event || 'message', data: data.join('\n'), id };
          }
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let val = colon === -1 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'event') event = val;
        else if (field === 'data') data.push(val);
        else if (field === 'id' && !val.includes('\0')) id = val;
      }
      buffer = buffer.slice(start);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
