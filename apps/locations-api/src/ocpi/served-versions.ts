import { OCPI_VERSIONS, type OcpiVersion } from '@app/ocpi';
import type { LocationsApiSettings } from '../locations-api.settings';

/** The OCPI versions offered to the IOP (OCPI_SERVED_VERSIONS), in the order of OCPI_VERSIONS. */
export function servedVersions(settings: LocationsApiSettings): OcpiVersion[] {
  const listed = settings.OCPI_SERVED_VERSIONS.split(',');
  return OCPI_VERSIONS.filter((version) => listed.includes(version));
}
