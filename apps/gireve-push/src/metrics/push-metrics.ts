import { makeCounterProvider, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';

/** The Prometheus metrics of gireve-push, by name (inject with @InjectMetric(PUSH_METRICS.x)). */
export const PUSH_METRICS = {
  requests: 'gireve_push_requests_total',
  latency: 'gireve_push_latency_seconds',
  requestDuration: 'gireve_push_request_duration_seconds',
  retries: 'gireve_push_retries_total',
  parked: 'gireve_push_parked_objects',
  pending: 'gireve_push_pending_updates',
  oldestPendingAge: 'gireve_push_oldest_pending_age_seconds',
  consumerLag: 'gireve_push_consumer_lag',
  circuitOpen: 'gireve_push_circuit_open',
  invalidMessages: 'gireve_push_invalid_messages_total',
  iopRegistered: 'gireve_push_iop_registered',
} as const;

/** What was pushed: an EVSE status, a whole Location, a connector's tariff, or a Check Locations read. */
export type PushKind = 'evse_status' | 'location' | 'connector_tariff' | 'check';
/** How a request ended (see IopVerdict). */
export type RequestResult = 'accepted' | 'transient' | 'rate_limited' | 'unauthorized' | 'refused';

export const pushMetricProviders = [
  makeCounterProvider({ name: PUSH_METRICS.requests, help: 'Requests sent to the IOP, by kind and result.', labelNames: ['kind', 'result'] }),
  makeHistogramProvider({
    name: PUSH_METRICS.latency,
    help: "Time from the ingestor's acceptance of a status event (received_at) to the IOP's acknowledgement of its PATCH.",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  }),
  makeHistogramProvider({
    name: PUSH_METRICS.requestDuration,
    help: 'Duration of one request to the IOP, by kind.',
    labelNames: ['kind'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }),
  makeCounterProvider({ name: PUSH_METRICS.retries, help: 'Pushes scheduled for another attempt, by kind and reason.', labelNames: ['kind', 'reason'] }),
  makeGaugeProvider({ name: PUSH_METRICS.parked, help: 'Objects parked after the IOP refused them (listable and replayable), by kind.', labelNames: ['kind'] }),
  makeGaugeProvider({ name: PUSH_METRICS.pending, help: 'Objects whose newest state the IOP has not acknowledged yet (store-and-forward depth), by kind.', labelNames: ['kind'] }),
  makeGaugeProvider({ name: PUSH_METRICS.oldestPendingAge, help: 'Age of the oldest unacknowledged change, by kind.', labelNames: ['kind'] }),
  makeGaugeProvider({ name: PUSH_METRICS.consumerLag, help: 'Messages behind the end of each partition this replica consumes.', labelNames: ['topic', 'partition'] }),
  makeGaugeProvider({ name: PUSH_METRICS.circuitOpen, help: '1 while the circuit breaker toward the IOP is open (requests stopped, probing), else 0.' }),
  makeGaugeProvider({
    name: PUSH_METRICS.iopRegistered,
    help: '1 while the IOP is registered with us (credentials handshake done, token C stored), 0 before it registers or after it unregistered.',
  }),
  makeCounterProvider({ name: PUSH_METRICS.invalidMessages, help: 'Kafka messages skipped because they broke their contract, by topic.', labelNames: ['topic'] }),
];
