import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { jsonArrayElements, NotAJsonArrayError } from './json-array-elements';

// V8's full garbage collection, without starting Node with --expose-gc.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function elements(text: string, size = 3): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const element of jsonArrayElements(chunked(text, size))) out.push(element);
  return out;
}

describe(jsonArrayElements.name, () => {
  const value = [{ id: 'A', evses: [{ uid: 'a,]}', n: [1, [2]] }] }, 'x"\\",[{', 42, null, true, [], {}, -1.5e3, 'é€😀'];
  const text = ` \n${JSON.stringify(value, null, 2)}\n`;

  it.each([1, 2, 3, 7, 64, 100_000])('yields what JSON.parse gives, whatever the chunk boundaries (chunks of %i)', async (size) => {
    expect(await elements(text, size)).toEqual(value);
  });

  it('reads an empty array and a byte order mark', async () => {
    expect(await elements('\uFEFF[ ]')).toEqual([]);
  });

  it.each([
    ['{"a":1}', /expected a JSON array, found '\{'/],
    ['', /found nothing/],
    ['[1,2', /not closed/],
    ['[1] [2]', /after the array/],
  ])('refuses %j as not one JSON array', async (input, message) => {
    await expect(elements(input)).rejects.toThrow(NotAJsonArrayError);
    await expect(elements(input)).rejects.toThrow(message);
  });

  it.each([
    ['[1,]', /comma ends the array/],
    ['[1,,2]', /element #1 of the array is not valid JSON/],
    ['[{"a":1}, {"b":}]', /element #1 of the array is not valid JSON/],
  ])('names the bad element of %j', async (input, message) => {
    await expect(elements(input)).rejects.toThrow(message);
  });

  it('hands out elements as they are read, before the rest of the array arrives', async () => {
    let chunksRead = 0;
    async function* slow(): AsyncGenerator<string> {
      for (const chunk of ['[{"id":"A"},', '{"id":"B"}', ']']) {
        chunksRead++;
        yield chunk;
      }
    }
    const reader = jsonArrayElements(slow());
    expect((await reader.next()).value).toEqual({ id: 'A' });
    expect(chunksRead).toBe(1);
  });
});

describe(`${jsonArrayElements.name} on a large file`, () => {
  it('reads 64 MiB of Locations with the heap bounded by one element, not the file', async () => {
    const element = JSON.stringify({ id: 'LOC', name: 'x'.repeat(1000), evses: [{ uid: 'E1', connectors: [{ id: '1' }] }] });
    const count = Math.ceil((64 * 2 ** 20) / (element.length + 1));
    async function* file(): AsyncGenerator<string> {
      yield '[';
      // 64 KiB chunks, as a file stream gives them.
      const perChunk = Math.floor(65_536 / (element.length + 1));
      for (let i = 0; i < count; i += perChunk) yield Array.from({ length: Math.min(perChunk, count - i) }, (_, j) => (i + j === 0 ? element : `,${element}`)).join('');
      yield ']';
    }
    // The heap still held, garbage collected first: heapUsed alone also counts garbage that V8 has not collected
    // yet, which on a busy machine came to 61 MiB once, whatever the reader holds.
    const held = (): number => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    const before = held();
    let peak = before;
    let read = 0;
    for await (const _ of jsonArrayElements(file())) {
      if (++read % 5_000 === 0) peak = Math.max(peak, held());
    }
    expect(read).toBe(count);
    // JSON.parse of the whole file would hold its 64 MiB of text and every object: at least 128 MiB.
    expect(peak - before).toBeLessThan(48 * 2 ** 20);
  });
});
