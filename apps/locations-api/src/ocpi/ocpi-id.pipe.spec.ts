import { BadRequestException } from '@nestjs/common';
import { OcpiIdPipe } from './ocpi-id.pipe';

describe('OcpiIdPipe', () => {
  const pipe = new OcpiIdPipe('id');

  it('passes an OCPI CiString(36)', () => {
    expect(pipe.transform('LOC-1 (A)')).toBe('LOC-1 (A)');
    expect(pipe.transform('x'.repeat(36))).toBe('x'.repeat(36));
  });

  it.each([['A\u0000B'], ['A\u0001'], ['x'.repeat(37)], [''], ['Café']])('refuses %j with a 400 naming the parameter', (value) => {
    expect(() => pipe.transform(value)).toThrow(new BadRequestException('id: must be 1 to 36 printable ASCII characters (an OCPI id)'));
  });

  it('takes a longer bound and its own error, as the OCPI routes do', () => {
    const ocpi = new OcpiIdPipe('location_id', { maxLength: 39, refuse: (message) => new RangeError(message) });
    expect(ocpi.transform('x'.repeat(39))).toBe('x'.repeat(39));
    expect(() => ocpi.transform('A\u0000')).toThrow(new RangeError('location_id: must be 1 to 39 printable ASCII characters (an OCPI id)'));
  });
});
