import { Body, Controller, Get, Param, Patch, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ocpiError, OcpiStatusCode, ocpiSuccess } from '@app/ocpi';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IopSimulatorSettings } from '../iop-simulator.settings';
import { RequestRecorderService } from '../recorder/request-recorder.service';
import { dynamicDataV211 } from './dynamic-data-v211';
import { objectLevel, receivedObjectProblems } from './received-object-rules';
import { IopTokenGuard } from './iop-token.guard';
import { LocationsStoreService } from './locations-store.service';

interface ObjectParams {
  version: string;
  cc: string;
  pid: string;
  location: string;
  evse?: string;
  connector?: string;
}

const LOCATION = ':version/locations/:cc/:pid/:location';
const EVSE = `${LOCATION}/:evse`;
const CONNECTOR = `${EVSE}/:connector`;

/** GIREVE's OCPI Locations receiver: the CPO pushes its objects here (PUT/PATCH) and reads them back (GET). */
@ApiTags('OCPI (simulated IOP)')
@Controller('ocpi/emsp')
@UseGuards(IopTokenGuard)
export class LocationsReceiverController {
  constructor(
    private readonly store: LocationsStoreService,
    private readonly recorder: RequestRecorderService,
    private readonly settings: IopSimulatorSettings,
  ) {}

  @Put([LOCATION, EVSE, CONNECTOR])
  put(@Param() params: ObjectParams, @Body() body: Record<string, unknown>, @Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    if (this.refused('PUT', params, req, res)) return;
    const outcome = this.store.put(objectKey(params), kept(params, body));
    this.answer(req, res, params, outcome === 'created' ? 201 : 200);
  }

  @Patch([LOCATION, EVSE, CONNECTOR])
  patch(@Param() params: ObjectParams, @Body() body: Record<string, unknown>, @Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    if (this.refused('PATCH', params, req, res)) return;
    if (this.settings.IOP_PATCH_UNKNOWN === 'refuse' && this.store.get(objectKey({ ...params, evse: undefined, connector: undefined })) === undefined) {
      this.answer(req, res, params, 404, ocpiError(OcpiStatusCode.UNKNOWN_LOCATION, 'unknown Location: PUT it first'));
      return;
    }
    this.store.patch(objectKey(params), kept(params, body));
    this.answer(req, res, params, 200);
  }

  /** As GIREVE would: 400 with OCPI 2001 listing every problem, recorded with them; nothing stored. */
  private refused(method: 'PUT' | 'PATCH', params: ObjectParams, req: FastifyRequest, res: FastifyReply): boolean {
    const problems = receivedObjectProblems(
      {
        method,
        version: params.version,
        country_code: params.cc,
        party_id: params.pid,
        location_id: params.location,
        evse_uid: params.evse,
        connector_id: params.connector,
        body: req.body,
        headers: req.headers,
      },
      { country_code: this.settings.IOP_COUNTRY_CODE, party_id: this.settings.IOP_PARTY_ID },
    );
    if (problems.length === 0) return false;
    this.answer(req, res, params, 400, ocpiError(OcpiStatusCode.INVALID_OR_MISSING_PARAMETERS, problems.join('; ')), problems);
    return true;
  }

  @Get([LOCATION, EVSE, CONNECTOR])
  get(@Param() params: ObjectParams, @Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    const object = this.store.get(objectKey(params));
    if (object === undefined) {
      this.answer(req, res, params, 404, ocpiError(OcpiStatusCode.UNKNOWN_LOCATION, 'unknown object'));
    } else {
      this.answer(req, res, params, 200, ocpiSuccess(object));
    }
  }

  private answer(req: FastifyRequest, res: FastifyReply, params: ObjectParams, httpStatus: number, body: object = ocpiSuccess({}), problems: string[] = []): void {
    this.recorder.recordAnswer(req, {
      version: params.version,
      location_id: params.location,
      evse_uid: params.evse,
      connector_id: params.connector,
      http_status: httpStatus,
      body,
      problems,
    });
    if (req.answerLost) {
      // Applied (or refused) as recorded, but the client never learns it.
      res.hijack();
      req.raw.socket.destroy();
      return;
    }
    void res.code(httpStatus).send(body);
  }
}

/** What the IOP stores of a body: in 2.1.1 only its dynamic data (status, tariff_id), in 2.2.1 all of it. */
function kept(params: ObjectParams, body: Record<string, unknown>): Record<string, unknown> {
  return params.version === '2.1.1' ? dynamicDataV211(objectLevel({ evse_uid: params.evse, connector_id: params.connector }), body) : body;
}

function objectKey(params: ObjectParams): string {
  return [params.cc, params.pid, params.location, params.evse, params.connector].filter((part) => part !== undefined).join('/');
}
