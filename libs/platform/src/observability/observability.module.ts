import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, type HealthOptions } from './health-options';

/**
 * GET /health/live, GET /health/ready and GET /metrics (Prometheus text format:
 * process metrics plus every metric the app declares in the default registry).
 */
@Module({})
export class ObservabilityModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [TerminusModule, PrometheusModule.register({ path: '/metrics', defaultMetrics: { enabled: true } })],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }],
    };
  }
}
