import type { Type } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

/** An app's own readiness signal (a provider of the app), e.g. a registry still loading. */
export interface ReadinessIndicator {
  check(): HealthIndicatorResult | Promise<HealthIndicatorResult>;
}

/** Which dependencies an app's readiness depends on. */
export interface HealthOptions {
  database: boolean;
  kafka: boolean;
  /** The app's own indicators, checked after the dependencies. */
  indicators?: Type<ReadinessIndicator>[];
}
