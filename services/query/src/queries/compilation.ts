import { LANGUAGES, type Language, type QueryCompilation, type QueryReply } from '@rcpx/contracts';

/** The text in `lang`, else in the first language present (en, fr, es), with its language. */
export function pickText(v: unknown, lang: Language): { lang: Language; text: string } | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const t = v as Partial<Record<Language, unknown>>;
  for (const l of [lang, ...LANGUAGES]) {
    const s = t[l];
    if (typeof s === 'string' && s.trim() !== '') return { lang: l, text: s };
  }
  return undefined;
}

/** What a compilation is made of: the query (as read) and the replies the reader may read. */
export interface CompilationInput {
  id: string;
  participant: string;
  status: 'open' | 'closed';
  deadline: string;
  title: unknown;
  questions: { ref: string; text: unknown }[];
  replies: readonly QueryReply[];
}

/**
 * The replies question by question, in `lang` (each text falling back to the first language
 * present), in the order of the questions and, within one, of the replies.
 */
export function compile(input: CompilationInput, lang: Language): QueryCompilation {
  const title = pickText(input.title, lang) ?? { lang, text: input.id };
  return {
    id: input.id,
    lang,
    title,
    participant: input.participant,
    status: input.status,
    deadline: input.deadline,
    questions: input.questions.map((q) => {
      const text = pickText(q.text, lang) ?? { lang, text: '' };
      return {
        ref: q.ref,
        lang: text.lang,
        text: text.text,
        answers: input.replies.flatMap((r) => {
          const answer = r.answers.find((a) => a.ref === q.ref);
          const picked = answer && pickText(answer.text, lang);
          return picked
            ? [
                {
                  participant: r.participant,
                  lang: picked.lang,
                  text: picked.text,
                  version: r.version,
                },
              ]
            : [];
        }),
      };
    }),
  };
}
