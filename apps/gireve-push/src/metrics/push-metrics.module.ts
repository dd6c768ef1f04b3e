import { Global, Module } from '@nestjs/common';
import { pushMetricProviders } from './push-metrics';

/** Declares gireve-push's metrics in the default registry (served on /metrics by the platform). */
@Global()
@Module({ providers: pushMetricProviders, exports: pushMetricProviders })
export class PushMetricsModule {}
