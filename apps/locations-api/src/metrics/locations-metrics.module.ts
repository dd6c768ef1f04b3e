import { Global, Module } from '@nestjs/common';
import { locationsMetricProviders } from './locations-metrics';

/** Declares locations-api's metrics in the default registry. */
@Global()
@Module({ providers: locationsMetricProviders, exports: locationsMetricProviders })
export class LocationsMetricsModule {}
