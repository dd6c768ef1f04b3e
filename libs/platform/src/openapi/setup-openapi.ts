import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ADMIN_API_KEY_SCHEME } from './api-admin-api-key.decorator';

/**
 * Serves the app's OpenAPI document: the UI at /docs, the JSON at /docs-json.
 * The document is built from explicit @Api* decorators (no Nest CLI plugin in
 * the build). Both security schemes are offered; only those an operation uses
 * (ApiAdminApiKey, ApiBearerAuth) are kept. `ui: false` serves the JSON only
 * (the UI's assets are loaded by a dynamic import Jest cannot run).
 */
export function setupOpenApi(app: INestApplication, title: string, description: string, { ui = true } = {}): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription(description)
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Admin API key.' }, ADMIN_API_KEY_SCHEME)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key sent as `Authorization: Bearer <key>`.' })
    .build();
  const document = withoutUnusedSecuritySchemes(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { ui });
  return document;
}

function withoutUnusedSecuritySchemes(document: OpenAPIObject): OpenAPIObject {
  const used = new Set(
    Object.values(document.paths)
      .flatMap((path) => Object.values(path))
      .flatMap((operation: { security?: Record<string, unknown>[] }) => operation.security ?? [])
      .flatMap((requirement) => Object.keys(requirement)),
  );
  const schemes = Object.entries(document.components?.securitySchemes ?? {}).filter(([name]) => used.has(name));
  return { ...document, components: { ...document.components, securitySchemes: Object.fromEntries(schemes) } };
}
