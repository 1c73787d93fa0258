import type { FastifyInstance } from 'fastify';

// The demo's "ask the network": the Puebla Process asks about reintegration of returnees; the
// Lima Process, IOM and the Colombo Process reply (in Spanish, English and French), one of
// them for the launcher alone; IOM revises its reply. Left open, due in three weeks.

const DAY = 86_400_000;

/** Launches the demo query and its replies; returns the number of writes. */
export async function seedQueryDemo(
  app: FastifyInstance,
  tokenOf: (participant: string) => Promise<string>,
): Promise<number> {
  const write = async (
    who: string,
    method: 'POST' | 'PATCH',
    url: string,
    payload: object,
    extra = {},
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await tokenOf(who)}`, ...extra },
      payload,
    });
    if (res.statusCode >= 300)
      throw new Error(`demo query write failed: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string; version: number }>();
  };
  const deadline = new Date(Date.now() + 21 * DAY).toISOString().slice(0, 10);
  const query = await write(
    'puebla-process',
    'POST',
    '/v1/queries',
    {
      title: {
        es: 'Reintegración de personas retornadas: ¿qué funciona?',
        en: 'Reintegration of returnees: what works?',
      },
      questions: [
        {
          ref: 'programmes',
          text: {
            es: '¿Sus miembros ofrecen apoyo a la reintegración (empleo, vivienda, salud)?',
            en: 'Do your members offer reintegration support (jobs, housing, health)?',
          },
        },
        {
          ref: 'evaluation',
          text: {
            es: '¿Cómo se evalúan esos programas, y con qué resultados?',
            en: 'How are these programmes evaluated, and with what results?',
          },
        },
      ],
      themes: ['return-reintegration', 'development'],
      addressees: ['lima-process', 'iom', 'colombo-process', 'budapest-process'],
      deadline,
    },
    { 'idempotency-key': 'rcpx-demo-query' },
  );
  const path = `/v1/queries/${query.id}/replies`;
  await write(
    'lima-process',
    'POST',
    path,
    {
      answers: [
        {
          ref: 'programmes',
          text: {
            es: 'Sí: ventanillas únicas en Perú y Ecuador para retornados, con bolsa de empleo.',
          },
        },
        { ref: 'evaluation', text: { es: 'Encuestas de seguimiento a los 6 y 12 meses.' } },
      ],
      visibility: { level: 'public' },
    },
    { 'idempotency-key': 'rcpx-demo-reply-lima' },
  );
  const iom = await write(
    'iom',
    'POST',
    path,
    {
      answers: [
        {
          ref: 'programmes',
          text: {
            en: 'Assisted voluntary return and reintegration in 20 countries of the region.',
            fr: 'Aide au retour volontaire et à la réintégration dans 20 pays de la région.',
          },
        },
      ],
      visibility: { level: 'public' },
    },
    { 'idempotency-key': 'rcpx-demo-reply-iom' },
  );
  await write(
    'iom',
    'PATCH',
    `${path}/${iom.id}`,
    {
      answers: [
        {
          ref: 'programmes',
          text: {
            en: 'Assisted voluntary return and reintegration in 20 countries of the region.',
            fr: 'Aide au retour volontaire et à la réintégration dans 20 pays de la région.',
          },
        },
        {
          ref: 'evaluation',
          text: { en: 'Reintegration sustainability surveys, 12–18 months after return.' },
        },
      ],
    },
    { 'if-match': '"1"', 'idempotency-key': 'rcpx-demo-reply-iom-rev' },
  );
  await write(
    'colombo-process',
    'POST',
    path,
    {
      answers: [
        {
          ref: 'programmes',
          text: {
            fr: 'Des centres de ressources pour les migrants et des logements pour les travailleurs rentrés volontairement, au Sri Lanka et aux Philippines.',
          },
        },
      ],
    },
    { 'idempotency-key': 'rcpx-demo-reply-colombo' },
  );
  return 5;
}
