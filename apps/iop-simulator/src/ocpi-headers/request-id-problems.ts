import type { IncomingHttpHeaders } from 'node:http';

/**
 * GIREVE requires X-Request-ID and X-Correlation-ID on every 2.2.1 request,
 * versions and version details included (G2 integration_guidelines; OCPI
 * 2.2.1 transport_and_format, "Unique message IDs"). Each missing one as a problem.
 */
export function requestIdProblems(headers: IncomingHttpHeaders): string[] {
  return ['x-request-id', 'x-correlation-id'].filter((name) => !headers[name]).map((name) => `${name}: header required in 2.2.1`);
}
