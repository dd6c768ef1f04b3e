import { Injectable, type PipeTransform } from '@nestjs/common';
import { OCPI_VERSIONS, OcpiStatusCode, type OcpiVersion } from '@app/ocpi';
import { OcpiHttpException } from './ocpi-http.exception';

/** The `:version` URL segment: a version we speak, else 404 (with OCPI 3002, unsupported version). */
@Injectable()
export class OcpiVersionPipe implements PipeTransform<string, OcpiVersion> {
  transform(value: string): OcpiVersion {
    if (!(OCPI_VERSIONS as readonly string[]).includes(value)) {
      throw new OcpiHttpException(404, OcpiStatusCode.UNSUPPORTED_VERSION, `Unsupported OCPI version ${value}`);
    }
    return value as OcpiVersion;
  }
}
