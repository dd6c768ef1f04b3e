import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ocpiError, OcpiStatusCode } from '@app/ocpi';
import type { Request, Response } from 'express';
import { OcpiHttpException } from './ocpi-http.exception';

/** The OCPI status code an HTTP error carries when the thrower named none. */
function defaultOcpiStatus(httpStatus: number): OcpiStatusCode {
  if (httpStatus === HttpStatus.BAD_REQUEST || httpStatus === HttpStatus.PAYLOAD_TOO_LARGE) return OcpiStatusCode.INVALID_OR_MISSING_PARAMETERS;
  return httpStatus >= 500 ? OcpiStatusCode.SERVER_ERROR : OcpiStatusCode.CLIENT_ERROR;
}

/**
 * Every error response. Under /ocpi it is an OCPI envelope (status_code,
 * status_message, timestamp) with the HTTP status the spec asks for; elsewhere
 * Nest's usual body. An unexpected error is logged and answered 500 without
 * details.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const httpStatus = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (httpStatus >= 500) this.logger.error({ err: exception, path: request.path }, 'request failed');
    if (response.headersSent) return;

    if (request.path.startsWith('/ocpi/')) {
      const message = exception instanceof HttpException && httpStatus < 500 ? exception.message : 'Internal server error';
      const ocpiStatus = exception instanceof OcpiHttpException ? exception.ocpiStatus : defaultOcpiStatus(httpStatus);
      response.status(httpStatus).json(ocpiError(ocpiStatus, message));
      return;
    }
    const body = exception instanceof HttpException && httpStatus < 500 ? exception.getResponse() : { statusCode: httpStatus, message: 'Internal server error' };
    response.status(httpStatus).json(typeof body === 'string' ? { statusCode: httpStatus, message: body } : body);
  }
}
