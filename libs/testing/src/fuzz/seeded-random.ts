/** A deterministic pseudo-random source (mulberry32): the same seed gives the same fuzz cases on every machine. */
export class SeededRandom {
  private state: number;

  /** `label` derives a stream of its own, so adding a route leaves the other routes' cases unchanged. */
  constructor(seed: number, label = '') {
    let state = seed >>> 0;
    for (let i = 0; i < label.length; i++) state = Math.imul(state ^ label.charCodeAt(i), 0x9e3779b1) >>> 0;
    this.state = state;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}
