/** More unknown chargers than a CPO has; past it the memory starts over rather than grow. */
const MAX_REMEMBERED = 10_000;

/**
 * When each unknown OCPP charger was first seen: a charger bound a moment ago
 * in locations-api may reach the EVSE registry a little later, so for a grace
 * period its events are "retry" (503), not "unknown" (422, which a CSMS drops).
 */
export class UnboundChargerGrace {
  private readonly firstSeen = new Map<string, number>();

  constructor(
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while `chargerId`, unknown now, was first seen less than the grace period ago. */
  inGrace(chargerId: string): boolean {
    const now = this.now();
    let first = this.firstSeen.get(chargerId);
    if (first === undefined) {
      if (this.firstSeen.size >= MAX_REMEMBERED) this.firstSeen.clear();
      this.firstSeen.set(chargerId, (first = now));
    }
    return now - first < this.graceMs;
  }
}
