import { Injectable, type NestMiddleware } from '@nestjs/common';
import { OcpiStatusCode, ocpiError } from '@app/ocpi';
import type { NextFunction, Request, Response } from 'express';
import { setTimeout as delay } from 'node:timers/promises';
import { RequestRecorderService } from '../recorder/request-recorder.service';
import { FaultsService } from './faults.service';
import { InflightStatsService } from './inflight-stats.service';

/** /ocpi/emsp/{version}/locations/{cc}/{pid}/{location}/{evse}[/{connector}] → cc/pid/location/evse. */
const EVSE_PATH = /^\/ocpi\/emsp\/[^/]+\/locations\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/;

/** A request held this long without an answer plays a timeout (the client gives up first). */
const TIMEOUT_HOLD_MS = 120_000;

/**
 * Runs in front of every OCPI route: counts requests in flight per EVSE, adds
 * the configured latency, and answers with the configured fault instead of the
 * handler when one applies (the faulted request is recorded with its fault).
 */
@Injectable()
export class FaultInjectionMiddleware implements NestMiddleware {
  constructor(
    private readonly faults: FaultsService,
    private readonly stats: InflightStatsService,
    private readonly recorder: RequestRecorderService,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    // Arrival time, before any injected latency: the record's received_at.
    res.locals.receivedAt = new Date().toISOString();
    // req.path is relative to the middleware's mount point; the full path is in originalUrl.
    const path = req.originalUrl.split('?')[0];
    const match = EVSE_PATH.exec(path);
    const release = this.stats.enter(match ? match.slice(1, 5).join('/') : undefined);
    res.once('close', release);
    res.once('finish', () => this.stats.answered(res.statusCode));

    const latency = this.faults.latencyMs();
    if (latency > 0) await delay(latency);
    const decision = this.faults.decide(match?.[4]);
    if (decision.kind === 'none') return next();

    this.recordFault(req, res, path, match, decision.kind);
    switch (decision.kind) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'timeout':
        await delay(TIMEOUT_HOLD_MS);
        if (!res.headersSent) res.status(504).end();
        return;
      case 'rate_limited':
        res.setHeader('Retry-After', String(decision.retryAfterSeconds));
        res.status(429).json(ocpiError(OcpiStatusCode.SERVER_ERROR, 'rate limited'));
        return;
      case 'outage':
      case 'http_503':
        res.status(503).json(ocpiError(OcpiStatusCode.SERVER_ERROR, 'IOP unavailable'));
        return;
      case 'http_500':
        res.status(500).json(ocpiError(OcpiStatusCode.SERVER_ERROR, 'internal error'));
        return;
      case 'ocpi_3000':
        res.status(200).json(ocpiError(OcpiStatusCode.SERVER_ERROR, 'generic server error'));
        return;
      case 'unauthorized':
        res.status(401).json(ocpiError(OcpiStatusCode.CLIENT_ERROR, 'unknown token'));
        return;
      case 'refused':
        res.status(400).json(ocpiError(OcpiStatusCode.INVALID_OR_MISSING_PARAMETERS, 'object refused by the IOP'));
        return;
    }
  }

  private recordFault(req: Request, res: Response, path: string, match: RegExpExecArray | null, fault: string): void {
    const status: Record<string, number> = { reset: 0, timeout: 504, rate_limited: 429, outage: 503, http_503: 503, http_500: 500, ocpi_3000: 200, unauthorized: 401, refused: 400 };
    this.recorder.record({
      method: req.method,
      path,
      version: path.split('/')[3] ?? '',
      location_id: match?.[3],
      evse_uid: match?.[4],
      connector_id: match?.[5],
      body: req.body,
      headers: {},
      received_at: res.locals.receivedAt as string,
      completed_at: new Date().toISOString(),
      http_status: status[fault] ?? 0,
      ocpi_status_code: fault === 'ocpi_3000' ? OcpiStatusCode.SERVER_ERROR : undefined,
      problems: [],
      fault,
    });
  }
}
