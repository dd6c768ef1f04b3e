import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { hashToken, tokensEqual } from '@app/platform';
import type { Request } from 'express';
import { GirevePushSettings } from '../gireve-push.settings';

/** Admin endpoints need the key whose SHA-256 is ADMIN_API_KEY_SHA256, in X-API-Key; compared in constant time. */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  constructor(private readonly settings: GirevePushSettings) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.settings.ADMIN_API_KEY_SHA256;
    if (expected === '') throw new ForbiddenException('admin endpoints are disabled (ADMIN_API_KEY_SHA256 is not set)');
    const presented = context.switchToHttp().getRequest<Request>().headers['x-api-key'];
    if (typeof presented !== 'string' || !tokensEqual(hashToken(presented), expected)) throw new UnauthorizedException('missing or wrong X-API-Key');
    return true;
  }
}
