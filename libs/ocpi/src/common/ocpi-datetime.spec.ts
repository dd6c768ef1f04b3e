import { formatOcpiDateTime, isOcpiDateTime, parseOcpiDateTime } from './ocpi-datetime';

describe('OCPI DateTime', () => {
  describe.each(['2.1.1', '2.2.1'] as const)('accepted by both versions (%s)', (version) => {
    it.each([
      ['2015-06-29T20:39:09Z', '2015-06-29T20:39:09.000Z'],
      ['2015-06-29T20:39:09', '2015-06-29T20:39:09.000Z'],
      ['2016-12-29T17:45:09.2Z', '2016-12-29T17:45:09.200Z'],
      ['2016-12-29T17:45:09.2', '2016-12-29T17:45:09.200Z'],
      ['2018-01-01T01:08:01.123Z', '2018-01-01T01:08:01.123Z'],
      ['2018-01-01T01:08:01.1234Z', '2018-01-01T01:08:01.123Z'],
      ['2018-01-01T01:08:01.12345', '2018-01-01T01:08:01.123Z'],
      ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
      ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
      ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
    ])('%s is %s (no zone means UTC)', (text, iso) => {
      expect(isOcpiDateTime(text, version)).toBe(true);
      expect(parseOcpiDateTime(text, version)?.toISOString()).toBe(iso);
    });
  });

  describe.each(['2.1.1', '2.2.1'] as const)('refused by both versions (%s)', (version) => {
    it.each([
      ['2015-06-29T20:39:09+00:00', 'an offset, even +00:00, is not UTC'],
      ['2015-06-29T22:39:09+02:00', 'an offset'],
      ['2015-06-29T20:39:09.12345Z', 'longer than string(25)'],
      ['2015-06-29 20:39:09Z', 'a space instead of T'],
      ['2015-06-29t20:39:09z', 'lower-case t and z'],
      ['20150629T203909Z', 'ISO 8601 basic format'],
      ['2015-06-29', 'a date without time'],
      ['2015-13-01T00:00:00Z', 'month 13'],
      ['2015-02-29T00:00:00Z', '29 February of a common year'],
      ['1900-02-29T00:00:00Z', '29 February 1900 (not a leap year)'],
      ['2015-04-31T00:00:00Z', '31 April'],
      ['2015-06-00T00:00:00Z', 'day 0'],
      ['2015-06-29T24:00:00Z', 'hour 24'],
      ['2015-06-29T20:60:00Z', 'minute 60'],
      ['2015-06-29T20:39:60Z', 'a leap second'],
      ['2015-06-29T20:39:09.Z', 'a dot without digits'],
      [' 2015-06-29T20:39:09Z', 'a leading space'],
      ['', 'an empty string'],
    ])('%s (%s)', (text) => {
      expect(isOcpiDateTime(text, version)).toBe(false);
      expect(parseOcpiDateTime(text, version)).toBeNull();
    });
  });

  describe('only 2.1.1 (ISO 8601 extended format)', () => {
    it.each([
      ['2015-06-29T20:39Z', '2015-06-29T20:39:00.000Z', 'minute precision'],
      ['2015-06-29T20:39', '2015-06-29T20:39:00.000Z', 'minute precision without zone'],
      ['2015-06-29T20:39:09,5Z', '2015-06-29T20:39:09.500Z', 'comma as decimal sign'],
    ])('%s is %s (%s); 2.2.1 refuses it', (text, iso) => {
      expect(parseOcpiDateTime(text, '2.1.1')?.toISOString()).toBe(iso);
      expect(parseOcpiDateTime(text, '2.2.1')).toBeNull();
    });
  });

  it.each([null, undefined, 1435610349, {}, ['2015-06-29T20:39:09Z']])('refuses the non-string %p', (value) => {
    expect(isOcpiDateTime(value, '2.2.1')).toBe(false);
    expect(parseOcpiDateTime(value, '2.1.1')).toBeNull();
  });

  it('emits whole seconds with Z, valid in both versions', () => {
    const text = formatOcpiDateTime(new Date('2024-05-01T10:00:00.987Z'));
    expect(text).toBe('2024-05-01T10:00:00Z');
    expect(isOcpiDateTime(text, '2.1.1') && isOcpiDateTime(text, '2.2.1')).toBe(true);
  });
});
