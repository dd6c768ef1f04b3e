import { EvseStatus } from '@app/ocpi';
import { buildOcppStatusTable, DEFAULT_OCPP_STATUS_TABLE, OCPP16_STATUSES, OCPP201_STATUSES } from './ocpp-status-table';

describe('OCPP → OCPI status table', () => {
  it.each([
    ['Available', EvseStatus.AVAILABLE],
    ['Preparing', EvseStatus.CHARGING],
    ['Charging', EvseStatus.CHARGING],
    ['SuspendedEVSE', EvseStatus.CHARGING],
    ['SuspendedEV', EvseStatus.CHARGING],
    ['Finishing', EvseStatus.CHARGING],
    ['Reserved', EvseStatus.RESERVED],
    ['Unavailable', EvseStatus.INOPERATIVE],
    ['Faulted', EvseStatus.OUTOFORDER],
  ] as const)('maps OCPP 1.6 %s to %s by default', (ocpp, ocpi) => {
    expect(DEFAULT_OCPP_STATUS_TABLE.ocpp16[ocpp]).toBe(ocpi);
  });

  it.each([
    ['Available', EvseStatus.AVAILABLE],
    ['Occupied', EvseStatus.CHARGING],
    ['Reserved', EvseStatus.RESERVED],
    ['Unavailable', EvseStatus.INOPERATIVE],
    ['Faulted', EvseStatus.OUTOFORDER],
  ] as const)('maps OCPP 2.0.1 %s to %s by default', (ocpp, ocpi) => {
    expect(DEFAULT_OCPP_STATUS_TABLE.ocpp201[ocpp]).toBe(ocpi);
  });

  it('covers every status of both OCPP versions', () => {
    expect(Object.keys(DEFAULT_OCPP_STATUS_TABLE.ocpp16).sort()).toEqual([...OCPP16_STATUSES].sort());
    expect(Object.keys(DEFAULT_OCPP_STATUS_TABLE.ocpp201).sort()).toEqual([...OCPP201_STATUSES].sort());
  });

  it('applies operator overrides per OCPP version and keeps the rest', () => {
    const table = buildOcppStatusTable('ocpp16.Preparing=AVAILABLE, ocpp201.Occupied=BLOCKED');
    expect(table.ocpp16.Preparing).toBe(EvseStatus.AVAILABLE);
    expect(table.ocpp201.Occupied).toBe(EvseStatus.BLOCKED);
    expect(table.ocpp16.Charging).toBe(EvseStatus.CHARGING);
    expect(DEFAULT_OCPP_STATUS_TABLE.ocpp16.Preparing).toBe(EvseStatus.CHARGING);
  });

  it('is the default table when there are no overrides', () => {
    expect(buildOcppStatusTable('')).toEqual(DEFAULT_OCPP_STATUS_TABLE);
  });

  it.each([
    ['ocpp16.Preparing', 'is not <ocpp16|ocpp201>'],
    ['ocpp15.Preparing=AVAILABLE', 'is not <ocpp16|ocpp201>'],
    ['ocpp201.Charging=CHARGING', '"Charging" is not an ocpp201 status'],
    ['ocpp16.Charging=BUSY', '"BUSY" is not an OCPI EVSE status'],
    ['ocpp16.Faulted=REMOVED', '"REMOVED" is not an OCPI EVSE status a charger may set'],
  ])('refuses the override %s', (override, message) => {
    expect(() => buildOcppStatusTable(override)).toThrow(message);
  });
});
