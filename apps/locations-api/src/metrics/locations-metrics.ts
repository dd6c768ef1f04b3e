import { makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';

/** The Prometheus metrics of locations-api, by name (inject with @InjectMetric(LOCATIONS_METRICS.x)). */
export const LOCATIONS_METRICS = {
  outboxBacklog: 'locations_api_outbox_backlog',
  outboxPublished: 'locations_api_outbox_published_total',
  statusEvents: 'locations_api_evse_status_events_total',
} as const;

/** What became of a charger status event (see EvseStatusService). */
export type StatusEventResult = 'changed' | 'unchanged' | 'stale' | 'unknown' | 'invalid';

export const locationsMetricProviders = [
  makeGaugeProvider({ name: LOCATIONS_METRICS.outboxBacklog, help: 'Location changes committed but not yet on Kafka (grows while Kafka is unreachable).' }),
  makeCounterProvider({ name: LOCATIONS_METRICS.outboxPublished, help: 'Location changes published to ocpi.locations.v1.' }),
  makeCounterProvider({ name: LOCATIONS_METRICS.statusEvents, help: 'Charger status events consumed, by what became of them.', labelNames: ['result'] }),
];
