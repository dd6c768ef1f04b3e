import { Injectable, type PipeTransform } from '@nestjs/common';
import { OcpiStatusCode, type OcpiVersion } from '@app/ocpi';
import { LocationsApiSettings } from '../locations-api.settings';
import { OcpiHttpException } from './ocpi-http.exception';
import { servedVersions } from './served-versions';

/**
 * The `:version` URL segment: a version we serve (OCPI_SERVED_VERSIONS), else
 * 404 (with OCPI 3002, unsupported version). Not a parameter error (2001): such
 * a URL is no endpoint our versions module offers, so the request addresses no
 * existing resource and never reaches the OCPI layer, like any unknown path.
 */
@Injectable()
export class OcpiVersionPipe implements PipeTransform<string, OcpiVersion> {
  constructor(private readonly settings: LocationsApiSettings) {}

  transform(value: string): OcpiVersion {
    if (!(servedVersions(this.settings) as string[]).includes(value)) {
      throw new OcpiHttpException(404, OcpiStatusCode.UNSUPPORTED_VERSION, `Unsupported OCPI version ${value}`);
    }
    return value as OcpiVersion;
  }
}
