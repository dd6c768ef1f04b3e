import { fastifyAdapter } from '@app/platform';
import { servedOpenApiDocument, undocumentedOperations } from '@app/testing';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { IopSimulatorSettings } from './iop-simulator.settings';

// The simulator needs neither Kafka nor PostgreSQL: its whole app is documented here.
describe('iop-simulator API document', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await servedOpenApiDocument({ imports: [AppModule.forRoot(new IopSimulatorSettings())] }, fastifyAdapter());
  });

  it('lists the admin endpoints, each with a summary and a tag', () => {
    expect(
      Object.keys(document.paths)
        .filter((path) => path.startsWith('/admin'))
        .sort(),
    ).toEqual(['/admin/faults', '/admin/faults/held', '/admin/faults/release', '/admin/pull', '/admin/register', '/admin/requests', '/admin/stats']);
    expect(Object.keys(document.paths['/admin/faults']).sort()).toEqual(['delete', 'get', 'put']);
    expect(undocumentedOperations(document, '/admin')).toEqual([]);
  });

  it('documents the bodies, the answers and the errors of the admin endpoints', () => {
    const schemas = document.components?.schemas ?? {};
    expect(Object.keys((schemas.FaultsDto as { properties: object }).properties)).toEqual(
      expect.arrayContaining(['latency_ms', 'error_rate', 'error_kinds', 'rate_limit', 'outage', 'refuse_evse_uids', 'unauthorized']),
    );
    expect(schemas.RegisterRequestDto).toMatchObject({ required: ['versions_url', 'token_a', 'version'] });
    expect(Object.keys(document.paths['/admin/register'].post?.responses ?? {}).sort()).toEqual(['201', '400', '502']);
    expect(Object.keys(document.paths['/admin/faults'].put?.responses ?? {}).sort()).toEqual(['200', '400']);
    expect(document.paths['/admin/requests'].get?.parameters?.map((p) => ('name' in p ? p.name : p.$ref)).sort()).toEqual(['evse_uid', 'location_id', 'since']);
  });

  it('tags the OCPI endpoints GIREVE calls', () => {
    const ocpi = Object.entries(document.paths).filter(([path]) => path.startsWith('/ocpi/'));
    expect(ocpi.length).toBeGreaterThan(0);
    for (const [, item] of ocpi) for (const operation of Object.values(item)) expect(operation.tags).toEqual(['OCPI (simulated IOP)']);
  });
});
