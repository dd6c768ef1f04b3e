import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { parseAuthorizationHeader, type OcpiVersion } from '@app/ocpi';
import { tokensEqual } from '@app/platform';
import type { Request } from 'express';
import { IopSimulatorSettings } from '../iop-simulator.settings';

/** Accepts only the CPO's token, encoded as the version in the URL requires (raw in 2.1.1, base64 in 2.2.1). */
@Injectable()
export class IopTokenGuard implements CanActivate {
  constructor(private readonly settings: IopSimulatorSettings) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const version = request.params.version === '2.2.1' ? '2.2.1' : ('2.1.1' as OcpiVersion);
    const header = request.headers.authorization;
    // The versions endpoint has no version in its URL: accept either encoding there.
    const token =
      parseAuthorizationHeader(header, version) ?? (request.params.version === undefined ? parseAuthorizationHeader(header, '2.2.1') : null);
    if (token === null || !tokensEqual(token, this.settings.IOP_TOKEN)) throw new UnauthorizedException('missing or unknown token');
    return true;
  }
}
