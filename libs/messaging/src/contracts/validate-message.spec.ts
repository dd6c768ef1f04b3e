import { decodeMessage, InvalidMessageError, validateMessage } from './validate-message';
import { ConnectorMemoryV1 } from './connector-memory.v1';
import { statusEvent } from './contract.fixtures';
import { EvseStatusEventV1, evseKey } from './evse-status-event.v1';

const valid = statusEvent;

describe(validateMessage.name, () => {
  it('accepts a valid EVSE status event: the object given, not a copy', () => {
    expect(validateMessage(EvseStatusEventV1, valid)).toBe(valid);
  });

  it('leaves a shape the fast path does not judge to class-validator, and returns its instance', () => {
    // class-validator walks into a list of lists where a nested object goes (and finds nothing wrong in an empty one).
    const memory = validateMessage(ConnectorMemoryV1, { evse_key: 'FR/ABC/LOC1/EVSE1', connectors: [[]] });
    expect(memory).toBeInstanceOf(ConnectorMemoryV1);
    expect(() => validateMessage(ConnectorMemoryV1, { evse_key: 'FR/ABC/LOC1/EVSE1', connectors: [[{ connector_id: -1 }]] })).toThrow(/connector_id/);
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
