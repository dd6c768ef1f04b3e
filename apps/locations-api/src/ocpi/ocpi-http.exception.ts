import { HttpException, HttpStatus } from '@nestjs/common';
import { OcpiStatusCode } from '@app/ocpi';

/** An HTTP error whose OCPI envelope carries a specific status code (e.g. 404 + 2003 for an unknown Location). */
export class OcpiHttpException extends HttpException {
  constructor(
    httpStatus: number,
    readonly ocpiStatus: OcpiStatusCode,
    message: string,
  ) {
    super(message, httpStatus);
  }
}

/**
 * An invalid or missing parameter (query, path id, body content) of an
 * authenticated request: HTTP 200 with OCPI 2001. OCPI 2.2.1 status_codes:
 * such a request "is supposed to have reached the OCPI layer. To such a
 * request, an HTTP error status code MUST NOT be returned." Only a body that
 * is not valid JSON stays a 400 (the transport layer's).
 */
export function ocpiParameterError(message: string): OcpiHttpException {
  return new OcpiHttpException(HttpStatus.OK, OcpiStatusCode.INVALID_OR_MISSING_PARAMETERS, message);
}
