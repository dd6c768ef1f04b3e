import { Controller, Get, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ocpiSuccess, OCPI_VERSIONS, type OcpiVersion } from '@app/ocpi';
import { IopSimulatorSettings } from '../iop-simulator.settings';
import { IopTokenGuard } from '../locations-receiver/iop-token.guard';

/** GIREVE's versions and version details, as the CPO discovers them. */
@ApiTags('OCPI (simulated IOP)')
@Controller('ocpi/emsp')
@UseGuards(IopTokenGuard)
export class VersionsController {
  constructor(private readonly settings: IopSimulatorSettings) {}

  @Get('versions')
  versions() {
    return ocpiSuccess(OCPI_VERSIONS.map((version) => ({ version, url: `${this.base()}/${version}` })));
  }

  @Get(':version')
  details(@Param('version') version: string) {
    if (!OCPI_VERSIONS.includes(version as OcpiVersion)) throw new NotFoundException(`unknown version ${version}`);
    const url = (module: string) => `${this.base()}/${version}/${module}`;
    const endpoints =
      version === '2.1.1'
        ? [
            { identifier: 'credentials', url: url('credentials') },
            { identifier: 'locations', url: url('locations') },
          ]
        : [
            { identifier: 'credentials', role: 'RECEIVER', url: url('credentials') },
            { identifier: 'locations', role: 'RECEIVER', url: url('locations') },
          ];
    return ocpiSuccess({ version, endpoints });
  }

  private base(): string {
    return `${this.settings.IOP_PUBLIC_URL}/ocpi/emsp`;
  }
}
