import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as parseLeniently, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ProblemError } from './problem.ts';

/** What went wrong at a JSON parse error, in words (jsonc-parser's codes). */
const WHAT: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: "':' was expected",
  CommaExpected: "',' was expected",
  CloseBraceExpected: "'}' was expected",
  CloseBracketExpected: "']' was expected",
  EndOfFileExpected: 'the body should have ended',
  InvalidCommentToken: 'comments are not allowed',
  UnexpectedEndOfComment: 'comments are not allowed',
  UnexpectedEndOfString: 'a string is not closed on its line',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape in a string',
  InvalidCharacter: 'a control character inside a string (escape it)',
};

/** 1-based line and column of `offset` in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The 400 for a body that is not valid JSON: what broke and where (line, column, position). */
export function invalidJsonProblem(text: string): ProblemError {
  const errors: ParseError[] = [];
  parseLeniently(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (!first) {
    const detail =
      'The body has a "__proto__" or "constructor.prototype" property, which is not allowed.';
    return new ProblemError(400, 'Bad Request', detail, {
      errors: [{ path: 'body', message: 'must not have a __proto__ or constructor.prototype' }],
    });
  }
  const { line, column } = lineColumn(text, first.offset);
  const what = WHAT[printParseErrorCode(first.error)] ?? 'invalid JSON';
  const where = `line ${line}, column ${column} (position ${first.offset})`;
  return new ProblemError(400, 'Bad Request', `The body is not valid JSON: ${what} at ${where}.`, {
    errors: [{ path: 'body', message: `not valid JSON: ${what} at ${where}` }],
    extensions: { line, column, position: first.offset },
  });
}

type Done = (err: Error | null, body?: unknown) => void;

/**
 * The `application/json` body parser of every app (`createApp`): Fastify's own (prototype
 * poisoning refused), but a body that is not JSON is a 400 saying what broke and where, and an
 * empty body is no body (many clients send `Content-Type: application/json` on every request,
 * also a DELETE or a bodiless POST action; a route that needs a body says so: 400 `body`).
 */
export function jsonBodyParser(
  app: FastifyInstance,
): (request: FastifyRequest, body: string, done: Done) => void {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    parse(request, body, (err, value) => {
      if (err && (err as { code?: string }).code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
        done(invalidJsonProblem(body));
      } else if (err) done(err);
      else done(null, value);
    });
  };
}
