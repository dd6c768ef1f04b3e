import type { LocationChangedV1, OcppBindingV1 } from '@app/messaging';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExpectedLocation } from './locations-checker';

type OcpiObject = Record<string, unknown>;
type Evse = OcpiObject & { uid: string; status: string; connectors: (OcpiObject & { id: string; tariff_ids: string[] })[] };
type Location = OcpiObject & { id: string; publish: boolean; evses: Evse[] };

const TARIFFS = ['AC-STANDARD', 'AC-NIGHT', 'AC-PROMO'];
/** How often an edit whose answer was lost (locations-api or PostgreSQL restarting) is sent again. */
const ATTEMPTS = 30;

/**
 * The CPO's back office during the chaos load: edits Locations through
 * locations-api's admin API (tariff changes, EVSEs added and removed,
 * Locations unpublished and published again) and keeps, from its own answered
 * requests alone, what each Location must end as. An edit whose answer is
 * lost is sent again until answered: PUT and DELETE are idempotent, so the
 * expected state never depends on an unknown outcome.
 */
export class LocationEditor {
  private readonly locations = new Map<string, Location>();
  private readonly added: { location_id: string; evse_uid: string }[] = [];
  edits = 0;
  refused: string[] = [];

  constructor(
    private readonly adminUrl: string,
    private readonly apiKey: string,
    initial: readonly LocationChangedV1[],
  ) {
    for (const change of initial) this.locations.set(change.location_id, structuredClone(change.location) as Location);
  }

  /** Creates every Location through the admin API. */
  async importAll(): Promise<void> {
    for (const location of this.locations.values()) await this.send('PUT', `/admin/locations/${location.id}`, location);
  }

  /** Sets which OCPP charger identities feed the Location's EVSEs. */
  async bind(locationId: string, bindings: readonly OcppBindingV1[]): Promise<void> {
    await this.send('PUT', `/admin/locations/${locationId}/ocpp-bindings`, bindings);
  }

  /** EVSEs added during the run: the load sends their charger events too. */
  takeAdded(): { location_id: string; evse_uid: string }[] {
    return this.added.splice(0);
  }

  /** One edit of a random Location. */
  async editOnce(): Promise<string> {
    const locations = [...this.locations.values()];
    const location = locations[Math.floor(Math.random() * locations.length)]!;
    const live = location.evses.filter((e) => e.status !== 'REMOVED');
    const kind = ['tariff', 'tariff', 'add EVSE', 'remove EVSE', 'publish'][Math.floor(Math.random() * 5)]!;
    this.edits += 1;
    if (kind === 'remove EVSE' && live.length > 1) {
      const evse = live[Math.floor(Math.random() * live.length)]!;
      await this.send('DELETE', `/admin/locations/${location.id}/evses/${evse.uid}`);
      evse.status = 'REMOVED';
      return `${location.id}: EVSE ${evse.uid} removed`;
    }
    if (kind === 'add EVSE') {
      const n = location.evses.length + 1;
      const template = location.evses[0]!;
      const evse: Evse = { ...structuredClone(template), uid: `${location.id}-${n}`, evse_id: `${String(template.evse_id).replace(/\*\d+$/, '')}*${n}`, status: 'AVAILABLE' };
      location.evses.push(evse);
      await this.send('PUT', `/admin/locations/${location.id}`, location);
      this.added.push({ location_id: location.id, evse_uid: evse.uid });
      return `${location.id}: EVSE ${evse.uid} added`;
    }
    if (kind === 'publish') {
      location.publish = !location.publish;
      await this.send('PUT', `/admin/locations/${location.id}`, location);
      return `${location.id}: publish ${String(location.publish)}`;
    }
    const evse = live[Math.floor(Math.random() * live.length)]!;
    const connector = evse.connectors[0]!;
    connector.tariff_ids = [TARIFFS[(TARIFFS.indexOf(connector.tariff_ids[0]!) + 1) % TARIFFS.length]!];
    await this.send('PUT', `/admin/locations/${location.id}`, location);
    return `${location.id}: ${evse.uid} tariff ${connector.tariff_ids[0]}`;
  }

  /** What each Location must end as at the IOP. */
  expected(): ExpectedLocation[] {
    return [...this.locations.values()].map((location) => ({
      id: location.id,
      publish: location.publish,
      evses: location.evses.map((evse) => ({
        uid: evse.uid,
        removed: evse.status === 'REMOVED',
        connectors: evse.connectors.map((c) => ({ id: c.id, tariff_ids: c.tariff_ids })),
      })),
    }));
  }

  /** EVSE keys (country/party/location/uid) the back office removed. */
  removedEvses(): Set<string> {
    return new Set([...this.locations.values()].flatMap((l) => l.evses.filter((e) => e.status === 'REMOVED').map((e) => `FR/ABC/${l.id}/${e.uid}`)));
  }

  private async send(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      let status = 0;
      try {
        const response = await fetch(`${this.adminUrl}${path}`, {
          method,
          headers: { 'x-api-key': this.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(5000),
        });
        status = response.status;
        const text = await response.text();
        if (status < 300) return;
        // A refusal means the workload sent what locations-api must accept: the run reports it.
        if (status < 500) {
          this.refused.push(`${method} ${path}: HTTP ${status} ${text.slice(0, 300)}`);
          return;
        }
      } catch {
        // no answer: sent again
      }
      await sleep(500);
    }
    this.refused.push(`${method} ${path}: no answer after ${ATTEMPTS} attempts`);
  }
}
