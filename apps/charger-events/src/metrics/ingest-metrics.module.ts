import { Global, Module } from '@nestjs/common';
import { ingestMetricProviders } from './ingest-metrics';

/** Declares charger-events' metrics in the default registry (served on /metrics by the platform). */
@Global()
@Module({ providers: ingestMetricProviders, exports: ingestMetricProviders })
export class IngestMetricsModule {}
