import { HttpException } from '@nestjs/common';
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
