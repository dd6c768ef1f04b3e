import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IopSimulatorSettings } from '../iop-simulator.settings';
import { RegistrationService } from '../registration/registration.service';
import { LocationsPuller, type PullReport } from './locations-puller';
import { PullRequestDto } from './pull-request.dto';

const REQUEST_TIMEOUT_MS = 10_000;

/** GIREVE's "Pull Locations FromIOP", on demand: crawls the CPO's Locations sender and reports every problem. */
@ApiTags('admin: puller')
@Controller('admin/pull')
export class PullerController {
  private readonly puller = new LocationsPuller(async (url, headers) => {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return { status: response.status, header: (name) => response.headers.get(name), json: () => response.json() };
  });

  constructor(
    private readonly registration: RegistrationService,
    private readonly settings: IopSimulatorSettings,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "Crawl the CPO's Locations as GIREVE does (page size 20 or 100, following Link) and report headers, counts, duplicates, gaps and invalid objects." })
  @ApiOkResponse({ description: 'The report: pages, Locations, X-Total-Count, problems.' })
  async pull(@Body() request: PullRequestDto): Promise<PullReport> {
    const registered = this.registration.current();
    const versionsUrl = request.versions_url ?? registered?.versionsUrl;
    const token = request.token ?? registered?.tokenC;
    if (!versionsUrl || !token) throw new BadRequestException('give versions_url and token, or register first (POST /admin/register)');
    return this.puller.pull({
      versionsUrl,
      token,
      version: request.version ?? registered?.version ?? '2.2.1',
      pageSize: request.page_size ?? 100,
      maxPages: request.max_pages ?? 10_000,
      dateFrom: request.date_from,
      party: {
        country_code: request.country_code ?? registered?.party.country_code ?? 'FR',
        party_id: request.party_id ?? registered?.party.party_id ?? 'ABC',
      },
      iop: { country_code: this.settings.IOP_COUNTRY_CODE, party_id: this.settings.IOP_PARTY_ID },
    });
  }
}
