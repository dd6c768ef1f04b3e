import { EvseStatusEventV1, evseKey, validateMessage } from '@app/messaging';
import { EvseRegistry } from '../evse-registry/evse-registry';
import { locationChange } from '../evse-registry/location-change.fixture';
import { buildOcppStatusTable, DEFAULT_OCPP_STATUS_TABLE, OCPP16_STATUSES, OCPP201_STATUSES } from '../status-mapping/ocpp-status-table';
import { type Interpretation, StatusInterpreter } from './status-interpreter';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const HOUR = 3600_000;

function interpreter(table = DEFAULT_OCPP_STATUS_TABLE): StatusInterpreter {
  const registry = new EvseRegistry();
  registry.apply(
    locationChange(
      'L1',
      [{ uid: 'L1-1' }, { uid: 'L1-2' }, { uid: 'L1-3', status: 'REMOVED' }],
      [
        { evse_uid: 'L1-1', charge_point_id: 'CP1', ocpp16_connector_id: 1 },
        { evse_uid: 'L1-2', charge_point_id: 'CP1', ocpp16_connector_id: 2 },
        { evse_uid: 'L1-3', charge_point_id: 'CP1', ocpp16_connector_id: 3 },
      ],
    ),
  );
  registry.apply(locationChange('L2', [{ uid: 'L2-1' }], [{ evse_uid: 'L2-1', charge_point_id: 'CS1', ocpp201_evse_id: 1 }]));
  return new StatusInterpreter(registry, { countryCode: 'FR', partyId: 'ABC', table, maxClockAheadMs: 300_000, maxEventAgeMs: 24 * HOUR });
}

function events(result: Interpretation): EvseStatusEventV1[] {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.message}`);
  // Each event's Kafka key is its EVSE's, as the contract computes it.
  for (const { key, event } of result.events) expect(key).toBe(evseKey(event));
  return result.events.map(({ event }) => event);
}

function rejection(result: Interpretation) {
  if (result.ok) throw new Error('accepted');
  return result.rejection;
}

const ocpp16 = (fields: Record<string, unknown>) => ({ charge_point_id: 'CP1', connectorId: 1, status: 'Charging', errorCode: 'NoError', timestamp: '2026-11-23T09:59:00Z', ...fields });
const ocpp201 = (fields: Record<string, unknown>) => ({ station_id: 'CS1', evseId: 1, connectorId: 1, connectorStatus: 'Occupied', timestamp: '2026-11-23T09:59:00Z', ...fields });

describe('StatusInterpreter', () => {
  it('names the EVSE whose connector memory an OCPP event changed, to publish it; native and connector 0 change none', () => {
    const subject = interpreter();
    const remembered = (result: Interpretation) => (result.ok ? result.remembered : 'rejected');
    expect(remembered(subject.ocpp16(ocpp16({ connectorId: 2 }), NOW))).toBe('FR/ABC/L1/L1-2');
    expect(remembered(subject.ocpp201(ocpp201({}), NOW))).toBe('FR/ABC/L2/L2-1');
    expect(remembered(subject.ocpp16(ocpp16({ connectorId: 0, status: 'Faulted' }), NOW))).toBeUndefined();
    expect(remembered(subject.native({ location_id: 'L1', evse_uid: 'L1-1', status: 'CHARGING', timestamp: '2026-11-23T09:59:00Z' }, NOW))).toBeUndefined();
  });

  describe('OCPP 1.6', () => {
    it.each(OCPP16_STATUSES)('publishes %s on a connector as its mapped OCPI status, keyed to the bound EVSE', (status) => {
      const [event] = events(interpreter().ocpp16(ocpp16({ status, connectorId: 2 }), NOW));
      expect(event).toMatchObject({ country_code: 'FR', party_id: 'ABC', location_id: 'L1', evse_uid: 'L1-2', status: DEFAULT_OCPP_STATUS_TABLE.ocpp16[status], source: 'ocpp16' });
      expect(event!.event_time).toBe('2026-11-23T09:59:00.000Z');
      expect(event!.received_at).toBe('2026-11-23T10:00:00.000Z');
      expect(validateMessage(EvseStatusEventV1, JSON.parse(JSON.stringify(event)))).toBeDefined();
    });

    it('uses the operator overrides', () => {
      const [event] = events(interpreter(buildOcppStatusTable('ocpp16.Preparing=AVAILABLE')).ocpp16(ocpp16({ status: 'Preparing' }), NOW));
      expect(event!.status).toBe('AVAILABLE');
    });

    it('takes the receipt time when the charger sends no timestamp, and converts offsets to UTC', () => {
      expect(events(interpreter().ocpp16(ocpp16({ timestamp: undefined }), NOW))[0]!.event_time).toBe('2026-11-23T10:00:00.000Z');
      expect(events(interpreter().ocpp16(ocpp16({ timestamp: '2026-11-23T10:30:00.250+01:00' }), NOW))[0]!.event_time).toBe('2026-11-23T09:30:00.250Z');
    });

    it.each(['Unavailable', 'Faulted'] as const)('applies %s on connector 0 to every EVSE of the charge point but the REMOVED one', (status) => {
      const published = events(interpreter().ocpp16(ocpp16({ connectorId: 0, status }), NOW));
      expect(published.map((e) => [e.evse_uid, e.status])).toEqual([
        ['L1-1', DEFAULT_OCPP_STATUS_TABLE.ocpp16[status]],
        ['L1-2', DEFAULT_OCPP_STATUS_TABLE.ocpp16[status]],
      ]);
      expect(new Set(published.map((e) => e.event_id)).size).toBe(2);
    });

    it('gives each EVSE back its own last status when connector 0 becomes Available again', () => {
      const subject = interpreter();
      events(subject.ocpp16(ocpp16({ connectorId: 1, status: 'Charging', timestamp: '2026-11-23T09:00:00Z' }), NOW));
      events(subject.ocpp16(ocpp16({ connectorId: 0, status: 'Faulted', timestamp: '2026-11-23T09:10:00Z' }), NOW));
      const restored = events(subject.ocpp16(ocpp16({ connectorId: 0, status: 'Available', timestamp: '2026-11-23T09:20:00Z' }), NOW));
      expect(restored.map((e) => [e.evse_uid, e.status, e.event_time])).toEqual([
        ['L1-1', 'CHARGING', '2026-11-23T09:20:00.000Z'],
        ['L1-2', 'AVAILABLE', '2026-11-23T09:20:00.000Z'],
      ]);
    });

    it('keeps the newest own status when connector events arrive out of order', () => {
      const subject = interpreter();
      events(subject.ocpp16(ocpp16({ status: 'Charging', timestamp: '2026-11-23T09:30:00Z' }), NOW));
      events(subject.ocpp16(ocpp16({ status: 'Reserved', timestamp: '2026-11-23T09:00:00Z' }), NOW));
      const restored = events(subject.ocpp16(ocpp16({ connectorId: 0, status: 'Available' }), NOW));
      expect(restored[0]!.status).toBe('CHARGING');
    });

    it.each(['Charging', 'Preparing', 'Reserved'])('refuses %s on connector 0 (only Available, Unavailable, Faulted concern a charge point)', (status) => {
      expect(rejection(interpreter().ocpp16(ocpp16({ connectorId: 0, status }), NOW))).toMatchObject({ reason: 'invalid', message: expect.stringContaining('connector 0') });
    });

    it('refuses unknown chargers, unbound connectors and REMOVED EVSEs, each with its reason', () => {
      expect(rejection(interpreter().ocpp16(ocpp16({ charge_point_id: 'CP404' }), NOW))).toMatchObject({ reason: 'unknown_charger', message: expect.stringContaining('CP404') });
      expect(rejection(interpreter().ocpp16(ocpp16({ connectorId: 0, status: 'Faulted', charge_point_id: 'CP404' }), NOW)).reason).toBe('unknown_charger');
      expect(rejection(interpreter().ocpp16(ocpp16({ connectorId: 9 }), NOW))).toMatchObject({ reason: 'unknown_evse', message: expect.stringContaining('connector 9') });
      expect(rejection(interpreter().ocpp16(ocpp16({ connectorId: 3 }), NOW)).reason).toBe('evse_removed');
    });

    it.each([
      [{ connectorId: '1' }, 'connectorId: must be an integer'],
      [{ connectorId: -1 }, 'connectorId: must be at least 0'],
      [{ status: 'Plugged' }, 'status: must be one of Available'],
      [{ errorCode: undefined }, 'errorCode: required'],
      [{ errorCode: 'Broken' }, 'errorCode: must be one of'],
      [{ timestamp: '23/11/2026 10:00' }, 'timestamp: must be an ISO 8601 date-time with a zone'],
      [{ timestamp: '2026-11-23T10:00:00' }, 'timestamp: must be an ISO 8601 date-time with a zone'],
      [{ charge_point_id: '' }, 'charge_point_id: must not be empty'],
      [{ info: 'x'.repeat(51) }, 'info: must be at most 50 characters long'],
    ])('refuses %j with a message naming the field', (fields, message) => {
      expect(rejection(interpreter().ocpp16(ocpp16(fields), NOW))).toMatchObject({ reason: 'invalid', message: expect.stringContaining(message) });
    });

    it('lists every problem of a bad event with its path, and refuses what is not an object', () => {
      const { errors } = rejection(interpreter().ocpp16({ connectorId: 'x', status: 1 }, NOW));
      expect(errors!.map((e) => e.path).sort()).toEqual(['charge_point_id', 'connectorId', 'errorCode', 'status']);
      for (const body of [null, 'Charging', 42, [], undefined]) expect(rejection(interpreter().ocpp16(body, NOW)).reason).toBe('invalid');
    });

    it('ignores vendor fields it does not know', () => {
      expect(events(interpreter().ocpp16(ocpp16({ vendorId: 'ACME', vendorErrorCode: 'E42', extra: { nested: true } }), NOW))).toHaveLength(1);
    });
  });

  describe('OCPP 2.0.1', () => {
    it.each(OCPP201_STATUSES)('publishes connector status %s as its mapped OCPI status', (connectorStatus) => {
      const [event] = events(interpreter().ocpp201(ocpp201({ connectorStatus }), NOW));
      expect(event).toMatchObject({ location_id: 'L2', evse_uid: 'L2-1', status: DEFAULT_OCPP_STATUS_TABLE.ocpp201[connectorStatus], source: 'ocpp201' });
    });

    it('folds the connectors of one EVSE: busy if one is busy, usable if one is usable', () => {
      const subject = interpreter();
      expect(events(subject.ocpp201(ocpp201({ connectorId: 1, connectorStatus: 'Occupied' }), NOW))[0]!.status).toBe('CHARGING');
      expect(events(subject.ocpp201(ocpp201({ connectorId: 2, connectorStatus: 'Available' }), NOW))[0]!.status).toBe('CHARGING');
      expect(events(subject.ocpp201(ocpp201({ connectorId: 1, connectorStatus: 'Faulted', timestamp: '2026-11-23T09:59:30Z' }), NOW))[0]!.status).toBe('AVAILABLE');
      expect(events(subject.ocpp201(ocpp201({ connectorId: 2, connectorStatus: 'Unavailable', timestamp: '2026-11-23T09:59:40Z' }), NOW))[0]!.status).toBe('INOPERATIVE');
    });

    it('refuses an unknown station, an unbound EVSE id, EVSE id 0 and a missing timestamp', () => {
      expect(rejection(interpreter().ocpp201(ocpp201({ station_id: 'CS404' }), NOW)).reason).toBe('unknown_charger');
      expect(rejection(interpreter().ocpp201(ocpp201({ evseId: 2 }), NOW)).reason).toBe('unknown_evse');
      expect(rejection(interpreter().ocpp201(ocpp201({ evseId: 0 }), NOW)).message).toContain('evseId: must be at least 1');
      expect(rejection(interpreter().ocpp201(ocpp201({ timestamp: undefined }), NOW)).message).toContain('timestamp: required');
    });
  });

  describe('native OCPI events', () => {
    const native = (fields: Record<string, unknown>) => ({ location_id: 'L1', evse_uid: 'L1-1', status: 'BLOCKED', timestamp: '2026-11-23T09:59:00Z', ...fields });

    it('publishes a known EVSE as given', () => {
      expect(events(interpreter().native(native({}), NOW))[0]).toMatchObject({ location_id: 'L1', evse_uid: 'L1-1', status: 'BLOCKED', source: 'ocpi' });
    });

    it('refuses unknown and REMOVED EVSEs, unknown statuses and back-office statuses', () => {
      expect(rejection(interpreter().native(native({ evse_uid: 'L1-9' }), NOW)).reason).toBe('unknown_evse');
      expect(rejection(interpreter().native(native({ location_id: 'L9' }), NOW)).reason).toBe('unknown_evse');
      expect(rejection(interpreter().native(native({ evse_uid: 'L1-3' }), NOW)).reason).toBe('evse_removed');
      expect(rejection(interpreter().native(native({ status: 'PLUGGED' }), NOW)).message).toContain('status: must be one of');
      expect(rejection(interpreter().native(native({ status: 'REMOVED' }), NOW)).message).toContain('Locations admin API');
    });
  });

  describe('charger clocks', () => {
    it('refuses a timestamp too far ahead and one too old, accepts the edges', () => {
      const at = (ms: number) => ocpp16({ timestamp: new Date(NOW + ms).toISOString() });
      expect(rejection(interpreter().ocpp16(at(300_001), NOW)).reason).toBe('clock_ahead');
      expect(events(interpreter().ocpp16(at(300_000), NOW))).toHaveLength(1);
      expect(rejection(interpreter().ocpp16(at(-24 * HOUR - 1), NOW)).reason).toBe('too_old');
      expect(events(interpreter().ocpp16(at(-24 * HOUR), NOW))).toHaveLength(1);
    });

    it('refuses a well-formed but impossible date instead of rolling it over', () => {
      const december1st = Date.parse('2026-12-01T10:00:00Z');
      expect(rejection(interpreter().ocpp16(ocpp16({ timestamp: '2026-11-31T10:00:00Z' }), december1st)).message).toBe('timestamp: is not a valid date');
      expect(events(interpreter().ocpp16(ocpp16({ timestamp: '2026-11-30T10:00:00Z' }), december1st))).toHaveLength(1);
    });

    it('knows February: the 29th only in leap years', () => {
      const march1st2028 = Date.parse('2028-03-01T10:00:00Z');
      expect(events(interpreter().ocpp16(ocpp16({ timestamp: '2028-02-29T10:00:00Z' }), march1st2028))).toHaveLength(1);
      const march1st2027 = Date.parse('2027-03-01T10:00:00Z');
      expect(rejection(interpreter().ocpp16(ocpp16({ timestamp: '2027-02-29T10:00:00Z' }), march1st2027)).reason).toBe('invalid');
    });

    it('writes event_time as UTC with milliseconds, whatever the form the charger used', () => {
      const eventTime = (timestamp: string) => events(interpreter().native({ location_id: 'L1', evse_uid: 'L1-1', status: 'CHARGING', timestamp }, NOW))[0]!.event_time;
      expect(eventTime('2026-11-23T09:59:00.123Z')).toBe('2026-11-23T09:59:00.123Z');
      expect(eventTime('2026-11-23T09:59:00Z')).toBe('2026-11-23T09:59:00.000Z');
      expect(eventTime('2026-11-23T09:59:00.1Z')).toBe('2026-11-23T09:59:00.100Z');
      expect(eventTime('2026-11-23T10:59:00.123+01:00')).toBe('2026-11-23T09:59:00.123Z');
    });
  });
});
