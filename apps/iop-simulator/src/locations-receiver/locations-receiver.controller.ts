import { Body, Controller, Get, Param, Patch, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ocpiError, OcpiStatusCode, ocpiSuccess } from '@app/ocpi';
import type { Request, Response } from 'express';
import { RequestRecorderService } from '../recorder/request-recorder.service';
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
  ) {}

  @Put([LOCATION, EVSE, CONNECTOR])
  put(@Param() params: ObjectParams, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): void {
    const outcome = this.store.put(objectKey(params), body);
    this.answer(req, res, params, outcome === 'created' ? 201 : 200);
  }

  @Patch([LOCATION, EVSE, CONNECTOR])
  patch(@Param() params: ObjectParams, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): void {
    this.store.patch(objectKey(params), body);
    this.answer(req, res, params, 200);
  }

  @Get([LOCATION, EVSE, CONNECTOR])
  get(@Param() params: ObjectParams, @Req() req: Request, @Res() res: Response): void {
    const object = this.store.get(objectKey(params));
    if (object === undefined) {
      this.answer(req, res, params, 404, ocpiError(OcpiStatusCode.UNKNOWN_LOCATION, 'unknown object'));
    } else {
      this.answer(req, res, params, 200, ocpiSuccess(object));
    }
  }

  private answer(req: Request, res: Response, params: ObjectParams, httpStatus: number, body: object = ocpiSuccess({})): void {
    this.recorder.record({
      method: req.method,
      path: req.path,
      version: params.version,
      location_id: params.location,
      evse_uid: params.evse,
      connector_id: params.connector,
      body: req.body,
      headers: pickHeaders(req),
      received_at: (res.locals.receivedAt as string | undefined) ?? new Date().toISOString(),
      http_status: httpStatus,
      ocpi_status_code: (body as { status_code?: number }).status_code,
      problems: [],
      fault: null,
      completed_at: new Date().toISOString(),
    });
    res.status(httpStatus).json(body);
  }
}

function objectKey(params: ObjectParams): string {
  return [params.cc, params.pid, params.location, params.evse, params.connector].filter((part) => part !== undefined).join('/');
}

const RECORDED_HEADERS = ['x-request-id', 'x-correlation-id', 'ocpi-from-country-code', 'ocpi-from-party-id', 'ocpi-to-country-code', 'ocpi-to-party-id', 'content-type'];

function pickHeaders(req: Request): Record<string, string> {
  return Object.fromEntries(RECORDED_HEADERS.filter((name) => typeof req.headers[name] === 'string').map((name) => [name, req.headers[name] as string]));
}
