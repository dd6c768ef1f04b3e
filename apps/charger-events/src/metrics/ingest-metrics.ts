import { makeCounterProvider, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';

/** The Prometheus metrics of charger-events, by name (inject with @InjectMetric(INGEST_METRICS.x)). */
export const INGEST_METRICS = {
  accepted: 'charger_events_accepted_total',
  rejected: 'charger_events_rejected_total',
  unavailable: 'charger_events_unavailable_total',
  kafkaAck: 'charger_events_kafka_ack_seconds',
  registryLocations: 'charger_events_registry_locations',
} as const;

export const ingestMetricProviders = [
  makeCounterProvider({ name: INGEST_METRICS.accepted, help: 'EVSE status events published and acknowledged by Kafka, by source.', labelNames: ['source'] }),
  makeCounterProvider({ name: INGEST_METRICS.rejected, help: 'Events refused, by source and reason (invalid, unknown_charger, unknown_evse…).', labelNames: ['source', 'reason'] }),
  makeCounterProvider({ name: INGEST_METRICS.unavailable, help: 'Requests answered 503, by cause (kafka, registry_loading, memory_loading).', labelNames: ['cause'] }),
  makeHistogramProvider({
    name: INGEST_METRICS.kafkaAck,
    help: 'Time from handing events to the producer to Kafka acknowledging them.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  }),
  makeGaugeProvider({ name: INGEST_METRICS.registryLocations, help: 'Locations in the EVSE registry read from the Locations topic.' }),
];
