import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { buildRequestHeaders, formatAuthorizationHeader, ModuleId, OCPI_HEADERS } from '@app/ocpi';
import { inSpan, type TraceCarrier } from '@app/platform';
import { SpanKind } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { GirevePushSettings } from '../gireve-push.settings';
import { headerValue } from './header-value';
import { type IopConnection, IopEndpointsService } from './iop-endpoints.service';
import type { IopResponse } from './iop-verdict';

/** One request to the IOP's Locations receiver. */
export interface IopCall {
  method: 'GET' | 'PUT' | 'PATCH';
  /** Segments below the Locations URL: country code, party id, Location id[, EVSE uid[, connector id]]. */
  objectPath: string[];
  body?: unknown;
  /** Carried end to end (Kafka header x-correlation-id → X-Correlation-ID); a new one when absent. */
  correlationId?: string | null;
  /** The trace of what is delivered (from its Kafka message): the request joins it, its traceparent sent to the IOP. */
  traceContext?: TraceCarrier | null;
}

/** HTTP calls to the IOP's Locations receiver, with the headers each OCPI version requires. */
@Injectable()
export class IopClientService implements OnApplicationShutdown {
  /** Keep-alive connections to the IOP, enough for every concurrent push. */
  private readonly agent: Agent;

  constructor(
    private readonly endpoints: IopEndpointsService,
    private readonly settings: GirevePushSettings,
  ) {
    this.agent = new Agent({ connections: settings.PUSH_CONCURRENCY + settings.LOCATION_PUSH_CONCURRENCY + 4, keepAliveTimeout: 30_000 });
  }

  call(call: IopCall, signal?: AbortSignal): Promise<IopResponse> {
    // The undici instrumentation makes the HTTP client span inside it and sends its traceparent.
    return inSpan(`IOP ${call.method}`, SpanKind.INTERNAL, call.traceContext, () => this.send(call, signal));
  }

  private async send(call: IopCall, signal?: AbortSignal): Promise<IopResponse> {
    const connection = await this.endpoints.connection();
    const url = `${connection.locationsUrl}/${call.objectPath.map(encodeURIComponent).join('/')}`;
    const timeout = this.settings.IOP_REQUEST_TIMEOUT_MS;
    const response = await request(url, {
      dispatcher: this.agent,
      method: call.method,
      headers: this.headers(connection, call),
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal,
    });
    const text = await response.body.text();
    return { httpStatus: response.statusCode, retryAfter: headerValue(response.headers['retry-after']), ...parseEnvelope(text) };
  }

  /**
   * 2.2.1 adds request tracing and hub routing: every request goes to the IOP
   * (OCPI-to) from our party (OCPI-from). X-Correlation-ID goes in 2.1.1 too:
   * it costs nothing and ties our logs to the IOP's.
   */
  private headers(connection: IopConnection, call: IopCall): Record<string, string> {
    const correlationId = call.correlationId ?? randomUUID();
    return {
      authorization: formatAuthorizationHeader(connection.token, connection.version),
      ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
      [OCPI_HEADERS.CORRELATION_ID]: correlationId,
      ...buildRequestHeaders(connection.version, {
        module: ModuleId.LOCATIONS,
        from: { country_code: this.settings.CPO_COUNTRY_CODE, party_id: this.settings.CPO_PARTY_ID },
        to: { country_code: connection.countryCode, party_id: connection.partyId },
        correlationId,
      }),
    };
  }

  // After the worker's beforeApplicationShutdown: requests in flight may finish within its grace period.
  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}

function parseEnvelope(text: string): Omit<IopResponse, 'httpStatus' | 'retryAfter'> {
  try {
    const envelope = JSON.parse(text) as { status_code?: unknown; status_message?: unknown; data?: unknown };
    return {
      ocpiStatusCode: typeof envelope.status_code === 'number' ? envelope.status_code : undefined,
      ocpiStatusMessage: typeof envelope.status_message === 'string' ? envelope.status_message : undefined,
      data: envelope.data,
    };
  } catch {
    return {};
  }
}
