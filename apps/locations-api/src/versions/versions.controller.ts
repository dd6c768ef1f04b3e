import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ocpiSuccess, type OcpiVersion } from '@app/ocpi';
import { LocationsApiSettings } from '../locations-api.settings';
import { AcceptsTokenA, OcpiAuthGuard, OnAnyVersion } from '../ocpi/ocpi-auth.guard';
import { ocpiModuleUrl } from '../ocpi/ocpi-urls';
import { OcpiVersionPipe } from '../ocpi/ocpi-version.pipe';
import { servedVersions } from '../ocpi/served-versions';

/** The versions module: which OCPI versions we serve (OCPI_SERVED_VERSIONS) and, per version, our module endpoints (credentials, Locations sender). */
@ApiTags('OCPI (called by GIREVE)')
@Controller('ocpi/cpo')
@UseGuards(OcpiAuthGuard)
@AcceptsTokenA()
@OnAnyVersion()
export class VersionsController {
  constructor(private readonly settings: LocationsApiSettings) {}

  @Get('versions')
  versions() {
    return ocpiSuccess(servedVersions(this.settings).map((version) => ({ version, url: ocpiModuleUrl(this.settings, version) })));
  }

  @Get(':version')
  details(@Param('version', OcpiVersionPipe) version: OcpiVersion) {
    const url = (module: string) => ocpiModuleUrl(this.settings, version, module);
    const endpoints =
      version === '2.1.1'
        ? [
            { identifier: 'credentials', url: url('credentials') },
            { identifier: 'locations', url: url('locations') },
          ]
        : [
            // The role of credentials does not matter; the 2.2.1 errata advise SENDER.
            { identifier: 'credentials', role: 'SENDER', url: url('credentials') },
            { identifier: 'locations', role: 'SENDER', url: url('locations') },
          ];
    return ocpiSuccess({ version, endpoints });
  }
}
