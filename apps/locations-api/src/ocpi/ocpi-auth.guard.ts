import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type OcpiCaller, OcpiTokensService } from './ocpi-tokens.service';

const ACCEPTS_TOKEN_A = Symbol('acceptsTokenA');

/** Marks the configuration modules (versions, credentials), the only ones token A may call. */
export const AcceptsTokenA = () => SetMetadata(ACCEPTS_TOKEN_A, true);

type OcpiRequest = Request & { ocpiCaller?: OcpiCaller };

/**
 * OCPI authentication: a missing or unknown credentials token, or token A on a
 * functional module, is HTTP 401 (transport_and_format, Authorization header).
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
