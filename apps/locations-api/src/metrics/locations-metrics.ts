import { makeCounterProvider, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';

/** The Prometheus metrics of locations-api, by name (inject with @InjectMetric(LOCATIONS_METRICS.x)). */
export const LOCATIONS_METRICS = {
  outboxBacklog: 'locations_api_outbox_backlog',
  outboxPublished: 'locations_api_outbox_published_total',
  statusEvents: 'locations_api_evse_status_events_total',
  pullDuration: 'locations_api_pull_duration_seconds',
} as const;

/** What became of a charger status event (see EvseStatusService). */
export type StatusEventResult = 'changed' | 'unchanged' | 'stale' | 'unknown' | 'invalid';

export const locationsMetricProviders = [
  makeGaugeProvider({ name: LOCATIONS_METRICS.outboxBacklog, help: 'Location changes committed but not yet on Kafka (grows while Kafka is unreachable).' }),
  makeCounterProvider({ name: LOCATIONS_METRICS.outboxPublished, help: 'Location changes published to ocpi.locations.v1.' }),
  makeCounterProvider({ name: LOCATIONS_METRICS.statusEvents, help: 'Charger status events consumed, by what became of them.', labelNames: ['result'] }),
  makeHistogramProvider({
    name: LOCATIONS_METRICS.pullDuration,
    help: 'OCPI Locations requests from the IOP (a list page or one object): time to answer, by OCPI version, level and HTTP status.',
    labelNames: ['version', 'level', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  }),
];
