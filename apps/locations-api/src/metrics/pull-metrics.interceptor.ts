import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Request, Response } from 'express';
import type { Histogram } from 'prom-client';
import type { Observable } from 'rxjs';
import { LOCATIONS_METRICS } from './locations-metrics';

const LEVELS = ['page', 'location', 'evse', 'connector'] as const;

/** Times every OCPI Locations request the IOP makes (pulls), by version, level and answer. */
@Injectable()
export class PullMetricsInterceptor implements NestInterceptor {
  constructor(@InjectMetric(LOCATIONS_METRICS.pullDuration) private readonly duration: Histogram<'version' | 'level' | 'status'>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const stop = this.duration.startTimer();
    // The number of ids after the version gives the level: none is a list page.
    const ids = Object.keys(request.params).filter((name) => name !== 'version').length;
    // On 'finish', the status is the one sent, error answers included.
    response.once('finish', () => stop({ version: String(request.params.version), level: LEVELS[ids] ?? 'page', status: String(response.statusCode) }));
    return next.handle();
  }
}
