import { Controller, Get, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Kafka } from 'kafkajs';
import { HEALTH_OPTIONS, type HealthOptions } from './health-options';

const CHECK_TIMEOUT_MS = 1500;

/**
 * Liveness is the process only (a database hiccup must not restart every pod);
 * readiness adds the app's dependencies: PostgreSQL and Kafka where it has them,
 * and the app's own indicators.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly moduleRef: ModuleRef,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  async ready() {
    const checks = [];
    if (this.options.database) {
      // Terminus makes this indicator transient-scoped, so it is resolved, not fetched.
      const database = await this.moduleRef.resolve(TypeOrmHealthIndicator, undefined, { strict: false });
      checks.push(() => database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }));
    }
    if (this.options.kafka) checks.push(() => this.kafka());
    for (const type of this.options.indicators ?? []) checks.push(() => this.moduleRef.get(type, { strict: false }).check());
    return this.health.check(checks);
  }

  private async kafka() {
    const indicator = this.indicators.check('kafka');
    const admin = this.moduleRef.get(Kafka, { strict: false }).admin();
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref());
      const cluster = await Promise.race([admin.connect().then(() => admin.describeCluster()), timeout]);
      return indicator.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
