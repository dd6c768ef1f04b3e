import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { OcpiStatusCode, ocpiError } from '@app/ocpi';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import { RequestRecorderService } from '../recorder/request-recorder.service';
import { FaultsService } from './faults.service';
import { InflightStatsService } from './inflight-stats.service';

declare module 'fastify' {
  interface FastifyRequest {
    /** Arrival time, before any injected latency: the recorded request's received_at. */
    receivedAt: string;
  }
}

/** /ocpi/emsp/{version}/locations/{cc}/{pid}/{location}/{evse}[/{connector}] → cc/pid/location/evse. */
const EVSE_PATH = /^\/ocpi\/emsp\/[^/]+\/locations\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/;

/** A request held this long without an answer plays a timeout (the client gives up first). */
const TIMEOUT_HOLD_MS = 120_000;

/** The HTTP status each fault answers with (0: the connection is reset, no answer). */
const FAULT_HTTP_STATUS: Record<string, number> = { reset: 0, timeout: 504, rate_limited: 429, outage: 503, http_503: 503, http_500: 500, ocpi_3000: 200, unauthorized: 401, refused: 400 };

/**
 * Runs in front of every OCPI route, as Fastify hooks: on arrival it counts the
 * request in flight for its EVSE; once the body is read it adds the configured
 * latency and answers with the configured fault instead of the handler when one
 * applies (the faulted request is recorded with its fault).
 */
@Injectable()
export class FaultInjectionHooks implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly faults: FaultsService,
    private readonly stats: InflightStatsService,
    private readonly recorder: RequestRecorderService,
  ) {}

  /** Before the server is ready, so that the hooks apply to every route. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.decorateRequest('receivedAt', '');
    fastify.addHook('onRequest', async (request, reply) => this.arrived(request, reply));
    fastify.addHook('preHandler', async (request, reply) => this.injectFault(request, reply));
  }

  private arrived(request: FastifyRequest, reply: FastifyReply): void {
    request.receivedAt = new Date().toISOString();
    if (!isOcpi(request)) return;
    const match = EVSE_PATH.exec(pathOf(request));
    const release = this.stats.enter(match ? match.slice(1, 5).join('/') : undefined);
    reply.raw.once('close', release);
    reply.raw.once('finish', () => this.stats.answered(reply.raw.statusCode));
  }

  private async injectFault(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!isOcpi(request)) return;
    const latency = this.faults.latencyMs();
    if (latency > 0) await delay(latency);
    const match = EVSE_PATH.exec(pathOf(request));
    const decision = this.faults.decide(match?.[4]);
    if (decision.kind === 'none') return;

    this.recordFault(request, match, decision.kind);
    switch (decision.kind) {
      case 'reset':
        // Hijacked: Fastify neither answers nor runs the handler.
        reply.hijack();
        request.raw.socket.destroy();
        return;
      case 'timeout':
        await delay(TIMEOUT_HOLD_MS);
        if (!reply.sent) await reply.code(504).send();
        return;
      case 'rate_limited':
        await reply.code(429).header('Retry-After', String(decision.retryAfterSeconds)).send(ocpiError(OcpiStatusCode.SERVER_ERROR, 'rate limited'));
        return;
      case 'outage':
      case 'http_503':
        await reply.code(503).send(ocpiError(OcpiStatusCode.SERVER_ERROR, 'IOP unavailable'));
        return;
      case 'http_500':
        await reply.code(500).send(ocpiError(OcpiStatusCode.SERVER_ERROR, 'internal error'));
        return;
      case 'ocpi_3000':
        await reply.code(200).send(ocpiError(OcpiStatusCode.SERVER_ERROR, 'generic server error'));
        return;
      case 'unauthorized':
        await reply.code(401).send(ocpiError(OcpiStatusCode.CLIENT_ERROR, 'unknown token'));
        return;
      case 'refused':
        await reply.code(400).send(ocpiError(OcpiStatusCode.INVALID_OR_MISSING_PARAMETERS, 'object refused by the IOP'));
        return;
    }
  }

  private recordFault(request: FastifyRequest, match: RegExpExecArray | null, fault: string): void {
    const path = pathOf(request);
    this.recorder.record({
      method: request.method,
      path,
      version: path.split('/')[3] ?? '',
      location_id: match?.[3],
      evse_uid: match?.[4],
      connector_id: match?.[5],
      body: request.body,
      headers: {},
      received_at: request.receivedAt,
      completed_at: new Date().toISOString(),
      http_status: FAULT_HTTP_STATUS[fault] ?? 0,
      ocpi_status_code: fault === 'ocpi_3000' ? OcpiStatusCode.SERVER_ERROR : undefined,
      problems: [],
      fault,
    });
  }
}

/** The request's path, without its query string. */
function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0];
}

function isOcpi(request: FastifyRequest): boolean {
  return request.url.startsWith('/ocpi/');
}
