import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/** Gauges read from the database: refreshed at start, then every refreshMs while the app runs. */
export abstract class PeriodicGaugeService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  protected constructor(private readonly refreshMs: number) {}

  abstract refresh(): Promise<void>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    void this.refresh();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
