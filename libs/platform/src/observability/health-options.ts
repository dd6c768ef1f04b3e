export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

/** Which dependencies an app's readiness depends on. */
export interface HealthOptions {
  database: boolean;
  kafka: boolean;
}
