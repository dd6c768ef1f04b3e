import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ocpiError, OcpiStatusCode, ocpiSuccess, type OcpiVersion } from '@app/ocpi';
import { AcceptsTokenA, Caller, OcpiAuthGuard, OnAnyVersion } from '../ocpi/ocpi-auth.guard';
import { OcpiHttpException, ocpiParameterError } from '../ocpi/ocpi-http.exception';
import type { OcpiCaller } from '../ocpi/ocpi-tokens.service';
import { OcpiVersionPipe } from '../ocpi/ocpi-version.pipe';
import { CredentialsService, type HandshakeOutcome } from './credentials.service';

const ALREADY_REGISTERED = () => new OcpiHttpException(405, OcpiStatusCode.CLIENT_ERROR, 'Already registered: use PUT to update the credentials');
const NOT_REGISTERED = () => new OcpiHttpException(405, OcpiStatusCode.CLIENT_ERROR, 'Not registered');

/**
 * The credentials module, for both versions. Token A (before registration)
 * may GET and POST; token C (after) may GET, PUT and DELETE. The other
 * combinations are the 405s the spec prescribes. Token C reaches another
 * version's credentials only by PUT: that is how the IOP switches versions.
 */
@ApiTags('OCPI (called by GIREVE)')
@Controller('ocpi/cpo/:version/credentials')
@UseGuards(OcpiAuthGuard)
@AcceptsTokenA()
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get()
  get(@Param('version', OcpiVersionPipe) version: OcpiVersion, @Caller() caller: OcpiCaller) {
    return ocpiSuccess(this.credentials.ourCredentials(version, caller.presented));
  }

  @Post()
  @HttpCode(200)
  async register(@Param('version', OcpiVersionPipe) version: OcpiVersion, @Caller() caller: OcpiCaller, @Body() body: unknown) {
    if (caller.token === 'C') throw ALREADY_REGISTERED();
    return answer(await this.credentials.register(version, body));
  }

  @Put()
  @OnAnyVersion()
  async update(@Param('version', OcpiVersionPipe) version: OcpiVersion, @Caller() caller: OcpiCaller, @Body() body: unknown) {
    if (caller.token === 'A') throw NOT_REGISTERED();
    return answer(await this.credentials.update(version, body));
  }

  @Delete()
  async unregister(@Param('version', OcpiVersionPipe) _version: OcpiVersion, @Caller() caller: OcpiCaller) {
    if (caller.token === 'A' || !(await this.credentials.unregister())) throw NOT_REGISTERED();
    return ocpiSuccess();
  }
}

function answer(outcome: HandshakeOutcome) {
  switch (outcome.kind) {
    case 'registered':
      return ocpiSuccess(outcome.credentials);
    case 'invalid':
      throw ocpiParameterError(outcome.message);
    case 'not-allowed':
      throw new OcpiHttpException(405, OcpiStatusCode.CLIENT_ERROR, outcome.message);
    case 'failed':
      // The request itself was fine: OCPI answers a failed call-back with HTTP 200 and 3001/3002/3003.
      return ocpiError(outcome.ocpiStatus, outcome.message);
  }
}
