import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { OcpiStatusCode, ocpiError } from '@app/ocpi';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import { RequestRecorderService } from '../recorder/request-recorder.service';
import { type FaultDecision, FaultsService } from './faults.service';
import { type InflightObject, InflightStatsService } from './inflight-stats.service';

declare module 'fastify' {
  interface FastifyRequest {
    /** Arrival time, before any injected latency: the recorded request's received_at. */
    receivedAt: string;
    /** A fault that applies the change, then loses the answer: the handler records it and cuts the connection. */
    answerLost: 'applied_reset' | 'held' | null;
  }
}

/** /ocpi/emsp/{version}/locations/{cc}/{pid}/{location}/{evse}[/{connector}] → cc/pid/location/evse. */
const EVSE_PATH = /^\/ocpi\/emsp\/[^/]+\/locations\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/;
const LOCATION_PATH = /^\/ocpi\/emsp\/[^/]+\/locations\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

/** The Location, or EVSE of it, a Locations request is about. */
function inflightObject(path: string): InflightObject | undefined {
  const evse = EVSE_PATH.exec(path);
  if (evse) return { location: evse.slice(1, 4).join('/'), evse: evse[4] };
  const location = LOCATION_PATH.exec(path);
  return location ? { location: location.slice(1, 4).join('/') } : undefined;
}

/** A request held this long without an answer plays a timeout (the client gives up first). */
const TIMEOUT_HOLD_MS = 120_000;

type Fault = Exclude<FaultDecision['kind'], 'none' | 'applied_reset' | 'held'>;

interface FaultAnswer {
  http: number;
  /** The OCPI error in the body; none for reset (the connection is cut) and timeout (an empty 504 once held). */
  ocpi?: { code: OcpiStatusCode; message: string };
}

const FAULT_ANSWERS: Record<Fault, FaultAnswer> = {
  reset: { http: 0 },
  timeout: { http: 504 },
  rate_limited: { http: 429, ocpi: { code: OcpiStatusCode.SERVER_ERROR, message: 'rate limited' } },
  outage: { http: 503, ocpi: { code: OcpiStatusCode.SERVER_ERROR, message: 'IOP unavailable' } },
  http_503: { http: 503, ocpi: { code: OcpiStatusCode.SERVER_ERROR, message: 'IOP unavailable' } },
  http_500: { http: 500, ocpi: { code: OcpiStatusCode.SERVER_ERROR, message: 'internal error' } },
  ocpi_3000: { http: 200, ocpi: { code: OcpiStatusCode.SERVER_ERROR, message: 'generic server error' } },
  unauthorized: { http: 401, ocpi: { code: OcpiStatusCode.CLIENT_ERROR, message: 'unknown token' } },
  refused: { http: 400, ocpi: { code: OcpiStatusCode.INVALID_OR_MISSING_PARAMETERS, message: 'object refused by the IOP' } },
};

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
    fastify.decorateRequest('answerLost', null);
    fastify.addHook('onRequest', async (request, reply) => this.arrived(request, reply));
    fastify.addHook('preHandler', async (request, reply) => this.injectFault(request, reply));
  }

  private arrived(request: FastifyRequest, reply: FastifyReply): void {
    request.receivedAt = new Date().toISOString();
    if (!isOcpi(request)) return;
    // Writes only: a GET (Check Locations) changes nothing the invariant is about.
    const release = this.stats.enter(request.method === 'GET' ? undefined : inflightObject(pathOf(request)));
    reply.raw.once('close', release);
    reply.raw.once('finish', () => this.stats.answered(reply.raw.statusCode));
  }

  private async injectFault(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!isOcpi(request)) return;
    const latency = this.faults.latencyMs();
    if (latency > 0) await delay(latency);
    const match = EVSE_PATH.exec(pathOf(request));
    const decision = this.faults.decide(match?.[4], pathOf(request).includes('/locations/'));
    if (decision.kind === 'none') return;
    if (decision.kind === 'applied_reset' || decision.kind === 'held') {
      if (decision.kind === 'held') await this.faults.hold();
      request.answerLost = decision.kind; // the handler applies the change, then the answer is lost
      return;
    }

    const answer = FAULT_ANSWERS[decision.kind];
    this.recordFault(request, match, decision.kind, answer);
    if (decision.kind === 'reset') {
      // Hijacked: Fastify neither answers nor runs the handler.
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    if (decision.kind === 'timeout') await delay(TIMEOUT_HOLD_MS);
    if (decision.kind === 'rate_limited') void reply.header('Retry-After', String(decision.retryAfterSeconds));
    if (!reply.sent) await reply.code(answer.http).send(answer.ocpi && ocpiError(answer.ocpi.code, answer.ocpi.message));
  }

  private recordFault(request: FastifyRequest, match: RegExpExecArray | null, fault: Fault, answer: FaultAnswer): void {
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
      http_status: answer.http,
      // Only a 200 carries an OCPI status worth recording (the others fail at the HTTP level).
      ocpi_status_code: answer.http === 200 ? answer.ocpi?.code : undefined,
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
