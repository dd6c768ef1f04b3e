import pino from 'pino';
import { Writable } from 'node:stream';
import { traceLogFields } from './trace-log-fields';

describe(traceLogFields.name, () => {
  it("as pino's mixin, never carries a line's fields into the next line", () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString())), done()) });
    const logger = pino({ mixin: traceLogFields }, sink);
    logger.info({ version: '2.1.1' }, 'first');
    logger.info('second');
    expect(lines[0]).toMatchObject({ version: '2.1.1', msg: 'first' });
    expect(lines[1]).not.toHaveProperty('version');
  });
});
