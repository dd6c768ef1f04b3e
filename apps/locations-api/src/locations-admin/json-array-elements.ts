/** Raised when the text is not one JSON array (the elements themselves are checked by JSON.parse). */
export class NotAJsonArrayError extends Error {}

type State = 'before' | 'first' | 'next' | 'element' | 'after';

const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\uFEFF']);

/**
 * The elements of one JSON array read as a stream of text, one at a time, so
 * the array is never held whole (a 200 MiB import would be, several times over,
 * with one JSON.parse). The scan only finds where each element ends (strings,
 * nesting); each element is then parsed by JSON.parse, whose errors stand.
 */
export async function* jsonArrayElements(chunks: AsyncIterable<string>): AsyncGenerator<unknown> {
  let state = 'before' as State;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pending = ''; // the current element's text from earlier chunks
  let index = 0;
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new SyntaxError(`element #${index} of the array is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if ((c === '}' || c === ']') && depth > 0) depth--;
        else if ((c === ',' || c === ']') && depth === 0) {
          const value = parse(pending + chunk.slice(start, i));
          pending = '';
          index++;
          state = c === ',' ? 'next' : 'after';
          yield value;
        }
        continue;
      }
      if (WHITESPACE.has(c)) continue;
      if (state === 'before') {
        if (c !== '[') throw new NotAJsonArrayError(`expected a JSON array, found '${c}'`);
        state = 'first';
      } else if (state === 'first' && c === ']') {
        state = 'after';
      } else if (state === 'after') {
        throw new NotAJsonArrayError(`unexpected '${c}' after the array`);
      } else if (state === 'next' && c === ']') {
        throw new SyntaxError(`a comma ends the array after element #${index - 1}`);
      } else {
        state = 'element';
        start = i;
        i--; // scan this character as the element's first
      }
    }
    if (state === 'element') pending += chunk.slice(start);
  }
  if (state !== 'after') throw new NotAJsonArrayError(state === 'before' ? 'expected a JSON array, found nothing' : 'the array is not closed');
}
