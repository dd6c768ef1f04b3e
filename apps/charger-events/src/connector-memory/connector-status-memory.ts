import type { ConnectorMemoryV1 } from '@app/messaging';
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
 * is the fold of its connectors. Kept in memory and on the compacted
 * connector-memory topic (snapshot, restore), so a restart or another replica
 * folds from the full view: see the README.
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

  /** All the memory of one EVSE, as published on the connector-memory topic. */
  snapshot(evseKey: string): ConnectorMemoryV1 {
    const own = this.own.get(evseKey);
    const connectors = [...(this.connectors.get(evseKey) ?? [])].map(([connector_id, known]) => ({ connector_id, status: known.status, time: known.time }));
    return { evse_key: evseKey, ...(own ? { own: { status: own.status, time: own.time } } : {}), connectors };
  }

  /** Merges a published memory in: per status, the newest time wins, whichever replica saw it. */
  restore(memory: ConnectorMemoryV1): void {
    if (memory.own) this.recordOwn(memory.evse_key, memory.own.status, memory.own.time);
    for (const connector of memory.connectors) this.recordConnector(memory.evse_key, connector.connector_id, connector.status, connector.time);
  }

  /** Records one connector of an EVSE and returns the EVSE's status folded over its known connectors. */
  foldConnector(evseKey: string, connectorId: number, status: EvseStatus, time: number): EvseStatus {
    const connectors = this.recordConnector(evseKey, connectorId, status, time);
    const statuses = new Set([...connectors.values()].map((c) => c.status));
    return FOLD_PRIORITY.find((candidate) => statuses.has(candidate)) ?? status;
  }

  private recordConnector(evseKey: string, connectorId: number, status: EvseStatus, time: number): Map<number, Known> {
    let connectors = this.connectors.get(evseKey);
    if (!connectors) this.connectors.set(evseKey, (connectors = new Map()));
    const known = connectors.get(connectorId);
    if (!known || known.time <= time) connectors.set(connectorId, { status, time });
    return connectors;
  }
}
