import { ADMIN_API_KEY_SCHEME } from '@app/platform';
import { servedOpenApiDocument, undocumentedOperations } from '@app/testing';
import type { OpenAPIObject } from '@nestjs/swagger';
import { GirevePushSettings } from '../gireve-push.settings';
import { AdminController } from './admin.controller';
import { ParkedService } from './parked.service';

describe('gireve-push admin API document', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await servedOpenApiDocument({
      controllers: [AdminController],
      providers: [
        { provide: ParkedService, useValue: {} },
        { provide: GirevePushSettings, useValue: new GirevePushSettings() },
      ],
    });
  });

  it('lists the parked-object endpoints behind the admin API key, each with a summary, a tag and its errors', () => {
    expect(Object.keys(document.paths).sort()).toEqual(['/admin/parked', '/admin/parked/replay']);
    expect(undocumentedOperations(document, '/admin')).toEqual([]);
    for (const operation of [document.paths['/admin/parked'].get, document.paths['/admin/parked/replay'].post]) {
      expect(operation?.security).toEqual([{ [ADMIN_API_KEY_SCHEME]: [] }]);
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403']));
    }
  });

  it('describes the replay body and the parked objects', () => {
    const schemas = document.components?.schemas ?? {};
    expect(schemas.ReplayParkedDto).toMatchObject({ required: ['kind'], properties: { kind: { enum: ['evse_status', 'location'] }, keys: { type: 'array' } } });
    expect(Object.keys((schemas.ParkedObjectDto as { properties: object }).properties)).toEqual(expect.arrayContaining(['kind', 'key', 'parked_at', 'reason', 'attempts']));
  });
});
