import { EvseStatus } from '@app/ocpi';

/** OCPP 1.6 ChargePointStatus (StatusNotification.req `status`). */
export const OCPP16_STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'] as const;
export type Ocpp16Status = (typeof OCPP16_STATUSES)[number];

/** OCPP 2.0.1 ConnectorStatusEnumType (StatusNotificationRequest `connectorStatus`). */
export const OCPP201_STATUSES = ['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'] as const;
export type Ocpp201Status = (typeof OCPP201_STATUSES)[number];

export type OcppVersion = 'ocpp16' | 'ocpp201';

/** An OCPP status → OCPI EVSE status table, one per OCPP version. */
export interface OcppStatusTable {
  ocpp16: Record<Ocpp16Status, EvseStatus>;
  ocpp201: Record<Ocpp201Status, EvseStatus>;
}

/**
 * The default table (reference ocpi-gireve.md §8): a connector in any stage of
 * a session counts as CHARGING (the EVSE is not free for a new driver);
 * Unavailable is "temporarily not available" (INOPERATIVE), Faulted is broken
 * (OUTOFORDER). GIREVE publishes no mapping of its own.
 */
export const DEFAULT_OCPP_STATUS_TABLE: OcppStatusTable = {
  ocpp16: {
    Available: EvseStatus.AVAILABLE,
    Preparing: EvseStatus.CHARGING,
    Charging: EvseStatus.CHARGING,
    SuspendedEVSE: EvseStatus.CHARGING,
    SuspendedEV: EvseStatus.CHARGING,
    Finishing: EvseStatus.CHARGING,
    Reserved: EvseStatus.RESERVED,
    Unavailable: EvseStatus.INOPERATIVE,
    Faulted: EvseStatus.OUTOFORDER,
  },
  ocpp201: {
    Available: EvseStatus.AVAILABLE,
    Occupied: EvseStatus.CHARGING,
    Reserved: EvseStatus.RESERVED,
    Unavailable: EvseStatus.INOPERATIVE,
    Faulted: EvseStatus.OUTOFORDER,
  },
};

/** Statuses a charger may never set: they belong to the back office (a planned or decommissioned EVSE). */
const BACK_OFFICE_STATUSES: ReadonlySet<string> = new Set([EvseStatus.PLANNED, EvseStatus.REMOVED]);

/**
 * Applies an operator's overrides (`ocpp16.Preparing=AVAILABLE,ocpp201.Occupied=BLOCKED`)
 * to the default table. Throws naming the first bad entry, so the app refuses to start.
 */
export function buildOcppStatusTable(overrides: string): OcppStatusTable {
  const table: OcppStatusTable = { ocpp16: { ...DEFAULT_OCPP_STATUS_TABLE.ocpp16 }, ocpp201: { ...DEFAULT_OCPP_STATUS_TABLE.ocpp201 } };
  for (const entry of overrides
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^(ocpp16|ocpp201)\.([A-Za-z]+)=([A-Z]+)$/.exec(entry);
    if (!match) throw new Error(`OCPP_STATUS_OVERRIDES: "${entry}" is not <ocpp16|ocpp201>.<OCPP status>=<OCPI status>`);
    const [, version, ocppStatus, ocpiStatus] = match as unknown as [string, OcppVersion, string, string];
    const versionTable: Record<string, EvseStatus> = table[version];
    if (!(ocppStatus in versionTable)) {
      throw new Error(`OCPP_STATUS_OVERRIDES: "${ocppStatus}" is not an ${version} status (${Object.keys(versionTable).join(', ')})`);
    }
    if (!Object.values<string>(EvseStatus).includes(ocpiStatus) || BACK_OFFICE_STATUSES.has(ocpiStatus)) {
      throw new Error(`OCPP_STATUS_OVERRIDES: "${ocpiStatus}" is not an OCPI EVSE status a charger may set`);
    }
    versionTable[ocppStatus] = ocpiStatus as EvseStatus;
  }
  return table;
}
