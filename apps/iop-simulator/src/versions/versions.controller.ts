import { Controller, Get, NotFoundException, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ocpiError, OcpiStatusCode, ocpiSuccess, OCPI_VERSIONS, type OcpiVersion } from '@app/ocpi';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IopSimulatorSettings } from '../iop-simulator.settings';
import { IopTokenGuard } from '../locations-receiver/iop-token.guard';
import { requestIdProblems } from '../ocpi-headers/request-id-problems';
import { RequestRecorderService } from '../recorder/request-recorder.service';

/** GIREVE's versions and version details, as the CPO discovers them; each call is recorded. */
@ApiTags('OCPI (simulated IOP)')
@Controller('ocpi/emsp')
@UseGuards(IopTokenGuard)
export class VersionsController {
  constructor(
    private readonly settings: IopSimulatorSettings,
    private readonly recorder: RequestRecorderService,
  ) {}

  @Get('versions')
  versions(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    // No version in this URL: the caller's token encoding tells which one it speaks.
    this.answer(
      req,
      res,
      req.tokenVersion!,
      OCPI_VERSIONS.map((version) => ({ version, url: `${this.base()}/${version}` })),
    );
  }

  @Get(':version')
  details(@Param('version') version: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): void {
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
    this.answer(req, res, version as OcpiVersion, { version, endpoints });
  }

  /** In 2.2.1, refuses (or only records, see IOP_DISCOVERY_REQUEST_IDS) a call without X-Request-ID or X-Correlation-ID. */
  private answer(req: FastifyRequest, res: FastifyReply, version: OcpiVersion, data: unknown): void {
    const problems = version === '2.2.1' ? requestIdProblems(req.headers) : [];
    const refused = problems.length > 0 && this.settings.IOP_DISCOVERY_REQUEST_IDS === 'refuse';
    const [httpStatus, body] = refused ? [400, ocpiError(OcpiStatusCode.INVALID_OR_MISSING_PARAMETERS, problems.join('; '))] : [200, ocpiSuccess(data)];
    this.recorder.recordAnswer(req, { version, http_status: httpStatus, body, problems });
    void res.code(httpStatus).send(body);
  }

  private base(): string {
    return `${this.settings.IOP_PUBLIC_URL}/ocpi/emsp`;
  }
}
