import { decodeMessage, InvalidMessageError, validateMessage } from './validate-message';
import { EvseStatusEventV1, evseKey } from './evse-status-event.v1';

const valid = {
  event_id: '6f1c1f4e-5d0c-4b8e-9b7e-2f5d3c1a0b9e',
  country_code: 'FR',
  party_id: 'ABC',
  location_id: 'LOC1',
  evse_uid: 'EVSE1',
  status: 'CHARGING',
  event_time: '2026-11-23T10:00:00.000Z',
  received_at: '2026-11-23T10:00:00.100Z',
  source: 'ocpp16',
};

describe(validateMessage.name, () => {
  it('accepts a valid EVSE status event', () => {
    expect(validateMessage(EvseStatusEventV1, valid)).toBeInstanceOf(EvseStatusEventV1);
  });

  it('lists every invalid field', () => {
    try {
      validateMessage(EvseStatusEventV1, { ...valid, status: 'PLUGGED', country_code: 'fra', event_time: 'yesterday' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidMessageError);
      const problems = (error as InvalidMessageError).problems.join('\n');
      expect(problems).toMatch(/status:/);
      expect(problems).toMatch(/country_code:/);
      expect(problems).toMatch(/event_time:/);
    }
  });

  it.each([null, 42, 'text', [valid]])('rejects a non-object message (%p)', (plain) => {
    expect(() => validateMessage(EvseStatusEventV1, plain)).toThrow(InvalidMessageError);
  });
});

describe(decodeMessage.name, () => {
  it('decodes JSON bytes', () => {
    expect(decodeMessage(EvseStatusEventV1, Buffer.from(JSON.stringify(valid))).evse_uid).toBe('EVSE1');
  });

  it('rejects bytes that are not JSON, and tombstones', () => {
    expect(() => decodeMessage(EvseStatusEventV1, Buffer.from('{oops'))).toThrow(/not JSON/);
    expect(() => decodeMessage(EvseStatusEventV1, null)).toThrow(/no value/);
  });
});

describe(evseKey.name, () => {
  it('keys an EVSE by party, Location and EVSE uid', () => {
    expect(evseKey(valid)).toBe('FR/ABC/LOC1/EVSE1');
  });
});
