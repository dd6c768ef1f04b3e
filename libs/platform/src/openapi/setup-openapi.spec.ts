import { Controller, Get, type INestApplication } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ADMIN_API_KEY_SCHEME, ApiAdminApiKey } from './api-admin-api-key.decorator';
import { setupOpenApi } from './setup-openapi';

@ApiTags('widgets')
@ApiAdminApiKey()
@Controller('admin/widgets')
class WidgetsController {
  @Get()
  @ApiOperation({ summary: 'Lists widgets' })
  list(): string[] {
    return [];
  }
}

describe(setupOpenApi.name, () => {
  let app: INestApplication;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [WidgetsController] }).compile();
    app = module.createNestApplication({ logger: false });
    setupOpenApi(app, 'widgets', 'Widget admin API');
    await app.init();
  });

  afterAll(() => app.close());

  it('serves the document at /docs-json with the routes, the admin key scheme and only the schemes used', async () => {
    const { body } = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(body.info).toMatchObject({ title: 'widgets', description: 'Widget admin API' });
    expect(body.paths['/admin/widgets'].get).toMatchObject({ summary: 'Lists widgets', tags: ['widgets'], security: [{ [ADMIN_API_KEY_SCHEME]: [] }] });
    expect(body.paths['/admin/widgets'].get.responses['401']).toBeDefined();
    expect(Object.keys(body.components.securitySchemes)).toEqual([ADMIN_API_KEY_SCHEME]);
    expect(body.components.securitySchemes[ADMIN_API_KEY_SCHEME]).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
  });

  it('serves the UI at /docs', async () => {
    const response = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
    expect(response.text).toContain('swagger-ui');
  });
});
