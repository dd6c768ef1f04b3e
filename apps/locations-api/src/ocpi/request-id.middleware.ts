import { Injectable, type NestMiddleware } from '@nestjs/common';
import { OCPI_HEADERS } from '@app/ocpi';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

/**
 * OCPI 2.2.1 request tracing: every response carries the X-Request-ID of its
 * request (a new UUID when the caller sent none). X-Correlation-ID is echoed by
 * the logging module for every request.
 */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    const incoming = request.headers[OCPI_HEADERS.REQUEST_ID.toLowerCase()];
    response.setHeader(OCPI_HEADERS.REQUEST_ID, typeof incoming === 'string' && incoming.length > 0 && incoming.length <= 100 ? incoming : randomUUID());
    next();
  }
}
