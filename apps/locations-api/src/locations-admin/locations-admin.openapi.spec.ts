import { ADMIN_API_KEY_SCHEME } from '@app/platform';
import { servedOpenApiDocument, undocumentedOperations } from '@app/testing';
import type { OpenAPIObject } from '@nestjs/swagger';
import { LocationStoreService } from '../location-store/location-store.service';
import { OcpiLocationFormat } from '../location-store/ocpi-location-format';
import { changeStamp } from '../location-store/stored-location';
import { LocationsApiSettings } from '../locations-api.settings';
import { LocationsAdminController } from './locations-admin.controller';
import { OCPI_LOCATION_SCHEMA } from './locations-admin.dto';
import { LocationsAdminService } from './locations-admin.service';

describe('locations-api admin API document', () => {
  const settings = Object.assign(new LocationsApiSettings(), { ADMIN_API_KEY: 'a-test-admin-key-0123456789' });
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await servedOpenApiDocument({
      controllers: [LocationsAdminController],
      providers: [
        { provide: LocationsAdminService, useValue: {} },
        { provide: LocationStoreService, useValue: {} },
        { provide: LocationsApiSettings, useValue: settings },
      ],
    });
  });

  const responses = (path: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete') => Object.keys(document.paths[path]?.[method]?.responses ?? {}).sort();

  it('lists every admin operation behind the admin API key, each with a summary and a tag', () => {
    expect(Object.keys(document.paths).sort()).toEqual([
      '/admin/locations',
      '/admin/locations/import',
      '/admin/locations/{id}',
      '/admin/locations/{id}/evses/{evseUid}',
      '/admin/locations/{id}/ocpp-bindings',
    ]);
    expect(undocumentedOperations(document, '/admin')).toEqual([]);
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item)) {
        expect(operation.security).toEqual([{ [ADMIN_API_KEY_SCHEME]: [] }]);
        expect(Object.keys(operation.responses)).toContain('401');
      }
    }
  });

  it('gives the error answers of each operation', () => {
    expect(responses('/admin/locations/import', 'post')).toEqual(['200', '400', '401', '413']);
    expect(responses('/admin/locations', 'post')).toEqual(['201', '400', '401', '409']);
    expect(responses('/admin/locations/{id}', 'put')).toEqual(['200', '201', '400', '401']);
    expect(responses('/admin/locations/{id}', 'patch')).toEqual(['200', '400', '401', '404']);
    expect(responses('/admin/locations/{id}', 'get')).toEqual(['200', '401', '404']);
    expect(responses('/admin/locations/{id}/ocpp-bindings', 'put')).toEqual(['200', '400', '401', '404', '409']);
  });

  it('describes the import report, the bindings and the query of the import', () => {
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys((schemas.ImportReportDto as { properties: object }).properties)).toEqual(['total', 'accepted', 'created', 'replaced', 'unchanged', 'rejected', 'warnings']);
    expect(schemas.LocationWrittenDto).toMatchObject({ required: ['location', 'warnings'] });
    expect(schemas.OcppBindingDto).toMatchObject({ required: ['evse_uid', 'charge_point_id'] });
    const parameters = document.paths['/admin/locations/import'].post?.parameters ?? [];
    expect(parameters).toContainEqual(expect.objectContaining({ name: 'ocpi_version', in: 'query', required: false }));
  });

  it('shows an example Location the API accepts', () => {
    const checked = new OcpiLocationFormat(settings).check(OCPI_LOCATION_SCHEMA.example, '2.2.1', changeStamp());
    expect(checked).toEqual(expect.objectContaining({ ok: true }));
  });
});
