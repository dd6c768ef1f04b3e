import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { exceedsJsonDepth, JsonTooDeepException } from '@app/platform';
import type { Request } from 'express';

/**
 * Reads a JSON request body the global parser skipped (see main.ts): the
 * import endpoint takes files far larger than any other request, so its body is
 * only read after the API key was checked, and only up to `maxBytes`; it is
 * bounded in depth as every other JSON body.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw new PayloadTooLargeException(`The body exceeds ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new PayloadTooLargeException(`The body exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequestException('The body is not valid JSON');
  }
  if (exceedsJsonDepth(body)) throw new JsonTooDeepException();
  return body;
}

/** The request paths whose JSON body readJsonBody reads itself. */
export const SELF_READ_BODY_PATHS = ['/admin/locations/import'];
