import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { parseAuthorizationHeader, type OcpiVersion } from '@app/ocpi';
import type { FastifyRequest } from 'fastify';
import { RegistrationService } from '../registration/registration.service';

declare module 'fastify' {
  interface FastifyRequest {
    /** The OCPI version whose token encoding the caller used: on the versions URL, the only sign of the version it speaks. */
    tokenVersion?: OcpiVersion;
  }
}

/** Accepts only the CPO's tokens (configured, or token B after a registration), encoded as the version in the URL requires (raw in 2.1.1, base64 in 2.2.1). */
@Injectable()
export class IopTokenGuard implements CanActivate {
  constructor(private readonly registration: RegistrationService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { version?: string } }>>();
    const header = request.headers.authorization;
    // The versions endpoint has no version in its URL: accept either encoding there.
    const versions: OcpiVersion[] = request.params.version === '2.2.1' ? ['2.2.1'] : request.params.version === undefined ? ['2.1.1', '2.2.1'] : ['2.1.1'];
    request.tokenVersion = versions.find((version) => {
      const token = parseAuthorizationHeader(header, version);
      return token !== null && this.registration.accepts(token);
    });
    if (request.tokenVersion === undefined) throw new UnauthorizedException('missing or unknown token');
    return true;
  }
}
