import { applyDecorators } from '@nestjs/common';
import { ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ApiErrorDto } from './api-error.dto';

/** Name of the X-API-Key security scheme setupOpenApi declares. */
export const ADMIN_API_KEY_SCHEME = 'admin-api-key';

/** Documents a controller or route behind an admin API key sent as X-API-Key, and its 401. */
export function ApiAdminApiKey(): ClassDecorator & MethodDecorator {
  return applyDecorators(ApiSecurity(ADMIN_API_KEY_SCHEME), ApiUnauthorizedResponse({ description: 'Missing or wrong X-API-Key.', type: ApiErrorDto }));
}
