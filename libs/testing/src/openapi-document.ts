import type { ModuleMetadata } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { setupOpenApi } from '@app/platform';
import request from 'supertest';

/**
 * The OpenAPI document an app serves at /docs-json, built from a testing module
 * holding only the controllers to document (their providers mocked): the apps
 * themselves need Kafka and PostgreSQL to start. `httpAdapter`: the app's HTTP
 * platform when it is not Express.
 */
export async function servedOpenApiDocument(metadata: ModuleMetadata, httpAdapter?: AbstractHttpAdapter): Promise<OpenAPIObject> {
  const module = await Test.createTestingModule(metadata).compile();
  const app = httpAdapter ? module.createNestApplication(httpAdapter, { logger: false }) : module.createNestApplication({ logger: false });
  setupOpenApi(app, 'test', 'test', { ui: false });
  await app.init();
  // Fastify serves only once ready (a no-op wait under Express).
  await (app.getHttpAdapter().getInstance() as { ready?: () => Promise<unknown> }).ready?.();
  try {
    const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
    return response.body as OpenAPIObject;
  } finally {
    await app.close();
  }
}

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: { name: string; in: string }[];
}

/** What is wrong for an integrator on each operation under `prefix`: no summary, no tag, a path parameter the path lacks. */
export function undocumentedOperations(document: OpenAPIObject, prefix: string): string[] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith(prefix))
    .flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>).flatMap(([method, operation]) => {
        const stray = (operation.parameters ?? []).filter((p) => p.in === 'path' && !path.includes(`{${p.name}}`)).map((p) => `path parameter ${p.name}`);
        const missing = [!operation.summary && 'no summary', !operation.tags?.length && 'no tag', ...stray].filter(Boolean);
        return missing.length > 0 ? [`${method.toUpperCase()} ${path}: ${missing.join(', ')}`] : [];
      }),
    );
}
