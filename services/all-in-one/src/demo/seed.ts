import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { generateToken, hashToken, insertToken, type Database } from '@rcpx/db';
import { DEMO } from './data.ts';
import { seedQueryDemo } from './queries.ts';
import { seedFollowUps, type DemoPost } from './follow-ups.ts';
import { seedAdoptions } from './adoptions.ts';

const PATHS = {
  practice: '/v1/practices',
  meeting: '/v1/meetings',
  publication: '/v1/publications',
};

/**
 * Publishes the demo set through the public write API (as each participant, with its own
 * publisher token) and revises one practice, so the catalogue, the activity timeline and the
 * live feeds have realistic content. Returns the number of writes.
 */
export async function seedDemo(app: FastifyInstance, db: Kysely<Database>): Promise<number> {
  const tokens = new Map<string, string>();
  const tokenOf = async (participant: string) => {
    let token = tokens.get(participant);
    if (!token) {
      token = generateToken();
      await insertToken(db, {
        participant,
        role: 'publisher',
        hash: hashToken(token),
        label: 'demo',
      });
      tokens.set(participant, token);
    }
    return token;
  };
  let writes = 0;
  const ids = new Map<string, string>();
  let firstPractice: { id: string; version: number; participant: string } | undefined;
  for (const [i, write] of DEMO.entries()) {
    const res = await app.inject({
      method: 'POST',
      url: PATHS[write.kind],
      headers: {
        authorization: `Bearer ${await tokenOf(write.participant)}`,
        'idempotency-key': `rcpx-demo-${i}`,
      },
      payload: write.body,
    });
    if (res.statusCode !== 201)
      throw new Error(`demo write ${i} failed: ${res.statusCode} ${res.body}`);
    writes++;
    const { id, version } = res.json<{ id: string; version: number }>();
    if (write.key) ids.set(write.key, id);
    if (write.kind === 'practice' && !firstPractice) {
      firstPractice = { id, version, participant: write.participant };
    }
  }
  if (firstPractice) {
    const res = await app.inject({
      method: 'PATCH',
      url: `/v1/practices/${firstPractice.id}`,
      headers: {
        authorization: `Bearer ${await tokenOf(firstPractice.participant)}`,
        'if-match': `"${firstPractice.version}"`,
        'idempotency-key': 'rcpx-demo-revise',
      },
      payload: {
        countries: ['ID', 'AU', 'TH', 'MY', 'LK', 'NZ'],
        summary: {
          en: 'Focal points in each member state exchange case information on smuggling networks through a secure channel, with quarterly joint reviews; Sri Lanka and New Zealand joined in 2005.',
        },
      },
    });
    if (res.statusCode !== 200)
      throw new Error(`demo revision failed: ${res.statusCode} ${res.body}`);
    writes++;
  }
  writes += await seedQueryDemo(app, tokenOf);
  const post: DemoPost = async (participant, url, payload, key) => {
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${await tokenOf(participant)}`, 'idempotency-key': key },
      payload,
    });
    if (res.statusCode !== 201)
      throw new Error(`demo ${url} failed: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string; seq: number }>();
  };
  writes += await seedAdoptions(post, ids);
  writes += await seedFollowUps(post);
  return writes;
}
