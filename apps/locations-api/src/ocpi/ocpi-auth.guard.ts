import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { OCPI_VERSIONS } from '@app/ocpi';
import type { Request } from 'express';
import { type OcpiCaller, OcpiTokensService } from './ocpi-tokens.service';

const ACCEPTS_TOKEN_A = Symbol('acceptsTokenA');
const ON_ANY_VERSION = Symbol('onAnyVersion');

/** Marks the configuration modules (versions, credentials), the only ones token A may call. */
export const AcceptsTokenA = () => SetMetadata(ACCEPTS_TOKEN_A, true);

/** Marks what token C may call in a version it is not registered in: versions, version details, and the credentials PUT that switches to that version. */
export const OnAnyVersion = () => SetMetadata(ON_ANY_VERSION, true);

type OcpiRequest = Request & { ocpiCaller?: OcpiCaller };

/**
 * OCPI authentication: a missing or unknown credentials token, or token A on a
 * functional module, is HTTP 401 (transport_and_format, Authorization header).
 * So is token C in an OCPI version other than the registered one. The spec
 * names no status for that; we follow its rule for token A (OCPI 2.2.1
 * transport_and_format § Authorization header: a valid token used where it
 * gives no access is a 401). Per status_codes §, a request not "authenticated
 * and authorized" never reaches the OCPI layer, so not HTTP 200 with 2xxx; and
 * 3002 (unsupported version) is a server error, while we do serve that version.
 */
@Injectable()
export class OcpiAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: OcpiTokensService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<OcpiRequest>();
    const caller = await this.tokens.identify(request.headers.authorization);
    if (caller === null) throw new UnauthorizedException('Missing or unknown credentials token');
    const acceptsTokenA = this.reflector.getAllAndOverride<boolean>(ACCEPTS_TOKEN_A, [context.getHandler(), context.getClass()]) ?? false;
    if (caller.token === 'A' && !acceptsTokenA) throw new UnauthorizedException('Token A only gives access to versions and credentials');
    // An unknown version is left to OcpiVersionPipe (404, 3002): no version's token works there.
    const version = request.params?.version;
    const otherVersion = typeof version === 'string' && (OCPI_VERSIONS as readonly string[]).includes(version) && version !== caller.version;
    const onAnyVersion = this.reflector.getAllAndOverride<boolean>(ON_ANY_VERSION, [context.getHandler(), context.getClass()]) ?? false;
    if (caller.token === 'C' && otherVersion && !onAnyVersion) {
      throw new UnauthorizedException(`Token C is valid in OCPI ${caller.version}, the registered version: switch versions with a PUT to that version's credentials`);
    }
    request.ocpiCaller = caller;
    return true;
  }
}

/** The authenticated caller of an OCPI handler (set by OcpiAuthGuard). */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): OcpiCaller => {
  const caller = context.switchToHttp().getRequest<OcpiRequest>().ocpiCaller;
  if (!caller) throw new UnauthorizedException('Missing or unknown credentials token');
  return caller;
});
