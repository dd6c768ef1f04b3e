import { EvseStatus } from '@app/ocpi';

interface Known {
  status: EvseStatus;
  time: number;
}

/** Which status wins when an EVSE's connectors disagree: a busy EVSE is busy, a usable one usable. */
const FOLD_PRIORITY: readonly EvseStatus[] = [
  EvseStatus.CHARGING,
  EvseStatus.BLOCKED,
  EvseStatus.RESERVED,
  EvseStatus.AVAILABLE,
  EvseStatus.INOPERATIVE,
  EvseStatus.OUTOFORDER,
  EvseStatus.UNKNOWN,
];

/**
 * What the chargers last said about each EVSE's own connectors, newest event
 * time first. OCPP 1.6 connector 0 going Available gives each EVSE back its
 * own status; OCPP 2.0.1 reports per connector and OCPI per EVSE, so an EVSE
 * is the fold of its connectors. Per replica, in memory: see the README for
 * why sticky routing per charger keeps it exact with several replicas.
 */
export class ConnectorStatusMemory {
  private readonly own = new Map<string, Known>();
  private readonly connectors = new Map<string, Map<number, Known>>();

  /** Records an EVSE's own (connector-level) status unless a newer one is known. */
  recordOwn(evseKey: string, status: EvseStatus, time: number): void {
    // Updated in place: a new object per event would be garbage for the collector at ingest rates.
    const known = this.own.get(evseKey);
    if (!known) this.own.set(evseKey, { status, time });
    else if (known.time <= time) {
      known.status = status;
      known.time = time;
    }
  }

  ownStatus(evseKey: string): EvseStatus | undefined {
    return this.own.get(evseKey)?.status;
  }

  /** Records one connector of an EVSE and returns the EVSE's status folded over its known connectors. */
  foldConnector(evseKey: string, connectorId: number, status: EvseStatus, time: number): EvseStatus {
    let connectors = this.connectors.get(evseKey);
    if (!connectors) this.connectors.set(evseKey, (connectors = new Map()));
    const known = connectors.get(connectorId);
    if (!known || known.time <= time) connectors.set(connectorId, { status, time });
    const statuses = new Set([...connectors.values()].map((c) => c.status));
    return FOLD_PRIORITY.find((candidate) => statuses.has(candidate)) ?? status;
  }
}
