import type { FastifyReply } from 'fastify';

/**
 * Adds `fields` to the reply's `Vary` header, keeping those already there (`reply.header('vary',
 * …)` would replace them). `*` stays `*`.
 */
export function appendVary(reply: FastifyReply, ...fields: string[]): FastifyReply {
  const current = reply.getHeader('vary');
  const list = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.includes('*')) return reply;
  for (const f of fields) {
    if (!list.some((x) => x.toLowerCase() === f.toLowerCase())) list.push(f);
  }
  return list.length > 0 ? reply.header('vary', list.join(', ')) : reply;
}
