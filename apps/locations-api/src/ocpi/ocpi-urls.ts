import type { OcpiVersion } from '@app/ocpi';
import type { LocationsApiSettings } from '../locations-api.settings';

/** Our OCPI base URL as the IOP reaches it: `<OCPI_PUBLIC_URL>/ocpi/cpo`. */
export function ocpiBaseUrl(settings: LocationsApiSettings): string {
  return `${settings.OCPI_PUBLIC_URL.replace(/\/+$/, '')}/ocpi/cpo`;
}

export function ocpiVersionsUrl(settings: LocationsApiSettings): string {
  return `${ocpiBaseUrl(settings)}/versions`;
}

export function ocpiModuleUrl(settings: LocationsApiSettings, version: OcpiVersion, module?: string): string {
  return `${ocpiBaseUrl(settings)}/${version}${module ? `/${module}` : ''}`;
}
