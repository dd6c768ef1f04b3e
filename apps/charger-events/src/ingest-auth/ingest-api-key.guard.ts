import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { ChargerEventsSettings } from '../charger-events.settings';
import { IngestApiKeys } from './ingest-api-keys';

/** Lets a request through only with a configured sender's key: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
@Injectable()
export class IngestApiKeyGuard implements CanActivate {
  private readonly keys: IngestApiKeys;

  constructor(settings: ChargerEventsSettings) {
    this.keys = new IngestApiKeys(settings.INGEST_API_KEYS);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders; ingestSource?: string }>();
    const key = presentedKey(request);
    if (key === undefined) throw new UnauthorizedException('send your API key as Authorization: Bearer <key>');
    const source = this.keys.sourceOf(key);
    if (source === undefined) throw new UnauthorizedException('unknown API key');
    request.ingestSource = source;
    return true;
  }
}

function presentedKey(request: { headers: IncomingHttpHeaders }): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim() || undefined;
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}
