import { type CanActivate, type ExecutionContext, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { hashToken, tokensEqual } from '@app/platform';
import type { Request } from 'express';
import { LocationsApiSettings } from '../locations-api.settings';

/** The CPO admin API's own authentication (never an OCPI token): header X-API-Key, held as a hash, compared in constant time. */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  private readonly keyHash: string;

  constructor(settings: LocationsApiSettings) {
    this.keyHash = hashToken(settings.ADMIN_API_KEY);
    if (settings.ADMIN_API_KEY === new LocationsApiSettings().ADMIN_API_KEY) {
      new Logger(AdminApiKeyGuard.name).warn('ADMIN_API_KEY is the development default: set a secret one outside development');
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const presented = context.switchToHttp().getRequest<Request>().headers['x-api-key'];
    if (typeof presented !== 'string' || !tokensEqual(hashToken(presented), this.keyHash)) throw new UnauthorizedException('Missing or wrong X-API-Key');
    return true;
  }
}
