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
    const header = request.headers.authorization;
    // The versions endpoint has no version in its URL: accept either encoding there.
    const versions: OcpiVersion[] = request.params.version === '2.2.1' ? ['2.2.1'] : request.params.version === undefined ? ['2.1.1', '2.2.1'] : ['2.1.1'];
    const accepted = versions.some((version) => {
      const token = parseAuthorizationHeader(header, version);
      return token !== null && tokensEqual(token, this.settings.IOP_TOKEN);
    });
    if (!accepted) throw new UnauthorizedException('missing or unknown token');
    return true;
  }
}
