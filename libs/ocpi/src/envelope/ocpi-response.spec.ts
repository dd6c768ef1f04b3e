import { ocpiError, ocpiListSuccess, ocpiSuccess } from './ocpi-response';
import { OcpiStatusCode, ocpiStatusClass } from './ocpi-status-code';

const NOW = new Date('2024-05-01T10:00:00.456Z');

describe('OCPI response envelope', () => {
  it('success carries data and a whole-second UTC timestamp; no data means no data field', () => {
    expect(ocpiSuccess({ id: 'L1' }, NOW)).toEqual({ data: { id: 'L1' }, status_code: 1000, status_message: 'Success', timestamp: '2024-05-01T10:00:00Z' });
    expect(ocpiSuccess(undefined, NOW)).not.toHaveProperty('data');
  });

  it('a list success always carries an array, even empty', () => {
    expect(ocpiListSuccess([], NOW)).toEqual({ data: [], status_code: 1000, status_message: 'Success', timestamp: '2024-05-01T10:00:00Z' });
    expect(ocpiListSuccess(['a', 'b'], NOW).data).toEqual(['a', 'b']);
  });

  it('an error carries no data', () => {
    expect(ocpiError(OcpiStatusCode.UNKNOWN_LOCATION, 'Unknown Location', NOW)).toEqual({ status_code: 2003, status_message: 'Unknown Location', timestamp: '2024-05-01T10:00:00Z' });
  });

  it.each([
    [1000, 'success'],
    [1900, 'success'],
    [2001, 'client-error'],
    [2004, 'client-error'],
    [3003, 'server-error'],
    [4001, 'hub-error'],
    [4999, 'hub-error'],
    [999, null],
    [5000, null],
    [2000.5, null],
  ])('status %p is %p', (code, expected) => {
    expect(ocpiStatusClass(code)).toBe(expected);
  });

  it('defines the codes of both versions', () => {
    expect([1000, 2000, 2001, 2002, 2003, 2004, 3000, 3001, 3002, 3003, 4000, 4001, 4002, 4003].every((code) => OcpiStatusCode[code] !== undefined)).toBe(true);
  });
});
