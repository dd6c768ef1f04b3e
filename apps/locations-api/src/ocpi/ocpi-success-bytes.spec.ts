import 'reflect-metadata';
import { ocpiSuccess } from '@app/ocpi';
import { ocpiSuccessOfJsonList } from './ocpi-success-bytes';

describe('ocpiSuccessOfJsonList', () => {
  it('is the success envelope of the parsed list, byte for byte valid JSON', () => {
    const now = new Date('2026-01-01T10:00:00.400Z');
    const items = [
      { id: 'É1', n: 1 },
      { id: 'L2', nested: { a: [1, 2] } },
    ];
    expect(
      JSON.parse(
        ocpiSuccessOfJsonList(
          items.map((item) => JSON.stringify(item)),
          now,
        ).toString('utf8'),
      ),
    ).toEqual(ocpiSuccess(items, now));
    expect(JSON.parse(ocpiSuccessOfJsonList([], now).toString('utf8'))).toEqual(ocpiSuccess([], now));
  });
});
