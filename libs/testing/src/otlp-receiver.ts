import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One span as an app exported it. */
export interface ReceivedSpan {
  /** service.name of the resource it came with. */
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}
interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: (Omit<ReceivedSpan, 'service' | 'attributes'> & { attributes?: OtlpAttribute[] })[] }[];
  }[];
}

/**
 * An OTLP/HTTP trace receiver in the test's process: what the apps'
 * exporters (OTLP JSON, POST /v1/traces) send, kept as spans.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          if (request.method !== 'POST' || request.url !== '/v1/traces') throw new Error(`unexpected ${request.method} ${request.url}`);
          const body = Buffer.concat(chunks);
          receiver.take(JSON.parse((request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8')) as OtlpTraces);
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch (error) {
          response.writeHead(400).end(error instanceof Error ? error.message : String(error));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** What to set as OTEL_EXPORTER_OTLP_ENDPOINT. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private take(traces: OtlpTraces): void {
    for (const { resource, scopeSpans } of traces.resourceSpans ?? []) {
      const service = String(attributesOf(resource?.attributes)['service.name']);
      for (const { spans } of scopeSpans ?? []) {
        for (const { attributes, ...span } of spans ?? []) this.spans.push({ ...span, service, attributes: attributesOf(attributes) });
      }
    }
  }
}

/** OTLP's typed attribute values ({ stringValue }, { intValue }…), as plain values. */
function attributesOf(attributes: OtlpAttribute[] = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map(({ key, value }) => [key, Object.values(value)[0]]));
}
