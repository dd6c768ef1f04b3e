import 'reflect-metadata';
import { type LocationChangedV1, TOPICS } from '@app/messaging';
import { formatAuthorizationHeader, toV211 } from '@app/ocpi';
import { pollUntil, REPO_ROOT } from '@app/testing';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Consumer, Kafka } from 'kafkajs';
import { evse, location } from './location.fixture';
import { ADMIN_KEY, LocationsApiHarness, TOKEN_A, topicsCreated } from './locations-api.harness';

interface StoredLoc {
  id: string;
  name?: string;
  last_updated: string;
  evses: { uid: string; status: string; last_updated: string }[];
}

interface ImportReport {
  total: number;
  accepted: number;
  created: number;
  replaced: number;
  unchanged: number;
  rejected: { index: number; id?: string; errors: { path: string; reason: string }[] }[];
  warnings: { index: number; id: string; warnings: { path: string; evse_uid: string; reason: string }[] }[];
}

/** The CPO's side: admin API, bulk import (API and CLI), and every change published to Kafka. */
describe('locations-api: CPO admin API and import', () => {
  let api: LocationsApiHarness;
  let consumer: Consumer;
  const published: LocationChangedV1[] = [];

  beforeAll(async () => {
    api = await LocationsApiHarness.start('admin');
    const kafka = new Kafka({ clientId: 'locations-admin-test', brokers: process.env.TEST_KAFKA_BROKERS!.split(','), logLevel: 1 });
    consumer = kafka.consumer({ groupId: `admin-test-${randomUUID()}` });
    await topicsCreated(kafka);
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.locations, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void published.push(JSON.parse(message.value!.toString())) });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await api?.stop();
  });

  /** The broker outlives test runs (KEEP_TEST_KAFKA): only this run's messages count. */
  const started = Date.now();
  const messagesFor = (id: string) => published.filter((m) => m.location_id === id && Date.parse(m.changed_at) >= started - 1000);

  it('refuses requests without the right API key', async () => {
    expect((await api.admin('GET', '/locations/ANY', undefined, 'wrong-key-0123456789')).status).toBe(401);
    expect((await fetch(`${api.url}/admin/locations/ANY`)).status).toBe(401);
    expect((await api.admin('POST', '/locations/import', [location('SNEAKY')], 'wrong-key-0123456789')).status).toBe(401);
    expect((await api.admin('GET', '/locations/SNEAKY')).status).toBe(404);
  });

  it('serves its OpenAPI document, admin and OCPI paths included, without an API key', async () => {
    const response = await fetch(`${api.url}/docs-json`);
    expect(response.status).toBe(200);
    const paths = Object.keys(((await response.json()) as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/admin/locations/import', '/admin/locations/{id}', '/ocpi/cpo/versions']));
    expect((await fetch(`${api.url}/docs`)).status).toBe(200);
  });

  it('rejects an invalid Location listing every error, and stores nothing', async () => {
    const bad: Record<string, unknown> = { ...location('BAD1'), address: undefined, coordinates: { latitude: 'north', longitude: '2.3' }, party_id: 'XYZ' };
    (bad.evses as Record<string, unknown>[])[0].evse_id = 'DE*XYZ*E1';
    const response = await api.admin('POST', '/locations', bad);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { path: string; reason: string }[] };
    const paths = body.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['address', 'coordinates.latitude']));
    expect(paths.some((p) => p.includes('evse_id'))).toBe(true);
    expect(body.errors.length).toBeGreaterThanOrEqual(3);
    expect((await api.admin('GET', '/locations/BAD1')).status).toBe(404);
  });

  it('refuses, by create, replace, patch and import, a Location OCPI 2.1.1 (served by default) cannot carry, naming version and field', async () => {
    const errorsOf = async (response: Response) => {
      expect(response.status).toBe(400);
      return ((await response.json()) as { errors: { path: string; reason: string }[] }).errors;
    };
    const noPostalCode = { ...location('V211-A'), postal_code: undefined };
    expect(await errorsOf(await api.admin('POST', '/locations', noPostalCode))).toEqual([{ path: 'postal_code', reason: 'in OCPI 2.1.1 (served): required' }]);

    const gbtOnly = location('V211-B');
    const [gbtEvse] = gbtOnly.evses as { connectors: Record<string, unknown>[] }[];
    gbtEvse.connectors = gbtEvse.connectors.map((connector) => ({ ...connector, standard: 'GBT_DC' }));
    expect(await errorsOf(await api.admin('PUT', '/locations/V211-B', gbtOnly))).toEqual([
      { path: 'evses[0].connectors', reason: 'in OCPI 2.1.1 (served): none of its connector standards (GBT_DC) exists in 2.1.1, so the EVSE would be left out' },
    ]);

    expect((await api.admin('POST', '/locations', location('V211-C'))).status).toBe(201);
    const chipCardOnly = { ...evse('V211-C-1', 'FR*ABC*EV211C*1'), capabilities: ['CHIP_CARD_SUPPORT'] };
    expect(await errorsOf(await api.admin('PATCH', '/locations/V211-C', { evses: [chipCardOnly] }))).toEqual([
      { path: 'evses[0].capabilities', reason: 'in OCPI 2.1.1 (served): required by GIREVE' },
    ]);

    const report = (await (await api.admin('POST', '/locations/import', [noPostalCode, location('V211-D')])).json()) as ImportReport;
    expect(report).toMatchObject({ accepted: 1, rejected: [{ index: 0, id: 'V211-A', errors: [{ path: 'postal_code', reason: 'in OCPI 2.1.1 (served): required' }] }] });
    for (const id of ['V211-A', 'V211-B']) expect((await api.admin('GET', `/locations/${id}`)).status).toBe(404);
  });

  it('creates a Location once (then 409), replaces it (200) and publishes each change', async () => {
    const created = await api.admin('POST', '/locations', location('A1', { evses: 2 }));
    expect(created.status).toBe(201);
    const stored = ((await created.json()) as { location: StoredLoc }).location;
    expect(stored.last_updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await api.admin('POST', '/locations', location('A1'))).status).toBe(409);

    const replaced = await api.admin('PUT', '/locations/A1', { ...location('A1', { evses: 2 }), name: 'Renamed' });
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as { location: StoredLoc }).location.name).toBe('Renamed');
    expect((await api.admin('PUT', '/locations/OTHER', location('A1'))).status).toBe(400);
    expect((await api.admin('PUT', '/locations/A2', location('A2'))).status).toBe(201);

    const changes = await pollUntil(
      () => messagesFor('A1'),
      (m) => m.length >= 2,
      { what: 'A1 on ocpi.locations.v1' },
    );
    // Each message carries the Location's revision, counted under its row lock: the order consumers follow.
    expect(changes.map((m) => [m.change, (m.location as unknown as StoredLoc).name, m.revision])).toEqual([
      ['upserted', 'Station A1', 1],
      ['upserted', 'Renamed', 2],
    ]);
  });

  it('writes nothing and publishes nothing when a replace changes nothing', async () => {
    const before = ((await (await api.admin('GET', '/locations/A2')).json()) as { location: StoredLoc }).location;
    await pollUntil(
      () => messagesFor('A2'),
      (m) => m.length === 1,
      { what: 'A2 created on Kafka' },
    );
    expect((await api.admin('PUT', '/locations/A2', location('A2'))).status).toBe(200);
    const after = ((await (await api.admin('GET', '/locations/A2')).json()) as { location: StoredLoc }).location;
    expect(after).toEqual(before);
    // A later change of A1 arrives; A2 still has a single message.
    expect((await api.admin('PATCH', '/locations/A1', { name: 'Renamed again' })).status).toBe(200);
    const a1 = await pollUntil(
      () => messagesFor('A1'),
      (m) => m.length === 3,
      { what: 'the A1 patch on Kafka' },
    );
    expect(a1.map((m) => m.revision)).toEqual([1, 2, 3]);
    expect(messagesFor('A2')).toHaveLength(1);
  });

  it('marks an EVSE REMOVED instead of deleting it, and rejects a PATCH that would make the Location invalid', async () => {
    const response = await api.admin('DELETE', '/locations/A1/evses/A1-2');
    expect(response.status).toBe(200);
    const { location: stored } = (await response.json()) as { location: StoredLoc };
    expect(stored.evses.map((e) => [e.uid, e.status])).toEqual([
      ['A1-1', 'AVAILABLE'],
      ['A1-2', 'REMOVED'],
    ]);
    expect((await api.admin('DELETE', '/locations/A1/evses/NOPE')).status).toBe(404);
    const invalid = await api.admin('PATCH', '/locations/A1', { coordinates: { latitude: 'x', longitude: 'y' } });
    expect(invalid.status).toBe(400);
    expect(((await (await api.admin('GET', '/locations/A1')).json()) as { location: { coordinates: unknown } }).location.coordinates).toEqual({
      latitude: '48.844000',
      longitude: '2.374000',
    });
  });

  it('removes a Location by marking every EVSE REMOVED (OCPI never deletes one), and publishes it', async () => {
    expect((await api.admin('PUT', '/locations/R1', location('R1', { evses: 2 }))).status).toBe(201);
    const response = await api.admin('DELETE', '/locations/R1');
    expect(response.status).toBe(200);
    const { location: stored } = (await response.json()) as { location: StoredLoc };
    expect(stored.evses.map((e) => [e.uid, e.status])).toEqual([
      ['R1-1', 'REMOVED'],
      ['R1-2', 'REMOVED'],
    ]);
    const removed = await pollUntil(
      () => messagesFor('R1'),
      (m) => m.length === 2,
      { what: 'the removal on Kafka' },
    );
    expect((removed[1]!.location as unknown as StoredLoc).evses.map((e) => e.status)).toEqual(['REMOVED', 'REMOVED']);
    expect((await api.admin('DELETE', '/locations/NOPE')).status).toBe(404);
  });

  it('lists every Location, a page at a time, and answers 400 to a bad page', async () => {
    for (const id of ['P1', 'P2', 'P3']) expect((await api.admin('PUT', `/locations/${id}`, location(id))).status).toBeLessThan(300);
    const ids: string[] = [];
    for (let after: string | null = '0', pages = 0; after !== null && pages < 100; pages++) {
      const response = await api.admin('GET', `/locations?after=${after}&limit=1`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { locations: StoredLoc[]; next_after: string | null };
      expect(page.locations.length).toBeLessThanOrEqual(1);
      ids.push(...page.locations.map((l) => l.id));
      after = page.next_after;
    }
    expect(ids).toEqual(expect.arrayContaining(['P1', 'P2', 'P3']));
    expect(new Set(ids).size).toBe(ids.length);
    for (const query of ['limit=0', 'limit=501', 'limit=x', 'after=-1', 'after=1e3']) expect((await api.admin('GET', `/locations?${query}`)).status).toBe(400);
    expect((await fetch(`${api.url}/admin/locations`)).status).toBe(401);
  });

  it('keeps the OCPP identity of each EVSE beside the Location and publishes it', async () => {
    const bindings = [
      { evse_uid: 'A1-1', charge_point_id: 'CP-A1', ocpp16_connector_id: 1 },
      { evse_uid: 'A1-2', charge_point_id: 'CP-A1', ocpp16_connector_id: 2 },
    ];
    const response = await api.admin('PUT', '/locations/A1/ocpp-bindings', bindings);
    expect(response.status).toBe(200);
    const message = await pollUntil(
      () => messagesFor('A1').at(-1),
      (m) => (m?.ocpp_bindings.length ?? 0) === 2,
      { what: 'A1 bindings on Kafka' },
    );
    expect(message!.ocpp_bindings).toEqual(bindings);
    expect(JSON.stringify(message!.location)).not.toContain('CP-A1');

    const conflict = await api.admin('PUT', '/locations/A2/ocpp-bindings', [{ evse_uid: 'A2-1', charge_point_id: 'CP-A1', ocpp16_connector_id: 2 }]);
    expect(conflict.status).toBe(409);
    const unknownEvse = await api.admin('PUT', '/locations/A2/ocpp-bindings', [{ evse_uid: 'A9-9', charge_point_id: 'CP-A2', ocpp16_connector_id: 1 }]);
    expect(unknownEvse.status).toBe(400);
    const bothIds = await api.admin('PUT', '/locations/A2/ocpp-bindings', [{ evse_uid: 'A2-1', charge_point_id: 'CP-A2', ocpp16_connector_id: 1, ocpp201_evse_id: 1 }]);
    expect(bothIds.status).toBe(400);
    expect(((await (await api.admin('GET', '/locations/A1')).json()) as { ocpp_bindings: unknown[] }).ocpp_bindings).toEqual(bindings);
  });

  it('imports a file through the API: bad Locations are listed, good ones kept', async () => {
    const file = [location('I1'), { ...location('I2'), coordinates: undefined }, location('I3'), location('I1'), 'not a location', location('I4', { evses: 3 })];
    const response = await api.admin('POST', '/locations/import', file);
    expect(response.status).toBe(200);
    const report = (await response.json()) as ImportReport;
    expect(report).toMatchObject({ total: 6, accepted: 3, created: 3 });
    expect(report.rejected.map((r) => [r.index, r.id])).toEqual([
      [1, 'I2'],
      [3, 'I1'],
      [4, undefined],
    ]);
    expect(report.rejected[0].errors.map((e) => e.path)).toContain('coordinates');
    for (const id of ['I1', 'I3', 'I4']) expect((await api.admin('GET', `/locations/${id}`)).status).toBe(200);
    expect((await api.admin('GET', '/locations/I2')).status).toBe(404);

    const notArray = await api.admin('POST', '/locations/import', { id: 'I5' });
    expect(notArray.status).toBe(400);
    const notJson = await fetch(`${api.url}/admin/locations/import`, { method: 'POST', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' }, body: '[{' });
    expect(notJson.status).toBe(400);
  });

  it('imports a file of several transactions (chunks of 500, each checked while the one before is written): every index, duplicate and message as in one', async () => {
    const ids = Array.from({ length: 1_200 }, (_, n) => `MC${n}`);
    const file: unknown[] = ids.map((id) => location(id));
    file[700] = { ...location('MC700'), coordinates: undefined }; // the second chunk's
    file[1_100] = location('MC3'); // a duplicate of the first chunk's, in the third
    const response = await api.admin('POST', '/locations/import', file);
    expect(response.status).toBe(200);
    const report = (await response.json()) as ImportReport;
    expect(report).toMatchObject({ total: 1_200, accepted: 1_198, created: 1_198 });
    expect(report.rejected.map((r) => [r.index, r.id])).toEqual([
      [700, 'MC700'],
      [1_100, 'MC3'],
    ]);
    expect((await api.admin('GET', '/locations/MC700')).status).toBe(404);
    expect((await api.admin('GET', '/locations/MC1199')).status).toBe(200);
    const stored = ids.filter((id) => id !== 'MC700' && id !== 'MC1100');
    await pollUntil(
      () => stored.filter((id) => messagesFor(id).length === 0).length,
      (missing) => missing === 0,
      { timeoutMs: 30_000, what: 'a message per imported Location' },
    );
    const messages = messagesFor('MC1199');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ change: 'upserted', revision: 1, location: { id: 'MC1199', name: location('MC1199').name } });
    // Stored in the file's order: the list (creation order) gives them back as sent.
    const listed: string[] = [];
    for (let after: string | null = '0'; after !== null;) {
      const page = (await (await api.admin('GET', `/locations?after=${after}&limit=500`)).json()) as { locations: StoredLoc[]; next_after: string | null };
      listed.push(...page.locations.map((l) => l.id).filter((id) => /^MC\d+$/.test(id)));
      after = page.next_after;
    }
    expect(listed).toEqual(stored);
  });

  it("warns, without refusing, of EVSEs whose connectors' tariff_ids differ (GIREVE keeps the first connector's), by create, replace, patch and import", async () => {
    const sameTariffs = (uid: string, evseId: string) => {
      const same = evse(uid, evseId) as { connectors: Record<string, unknown>[] };
      return { ...same, connectors: same.connectors.map((connector) => ({ ...connector, tariff_ids: ['AC-STANDARD'] })) };
    };
    const mixed = { ...location('T1', { evses: 2 }), evses: [sameTariffs('T1-1', 'FR*ABC*ET1*1'), evse('T1-2', 'FR*ABC*ET1*2')] };
    const warning = { path: 'evses[1].connectors', evse_uid: 'T1-2', reason: "connectors have different tariff_ids: GIREVE keeps only the first connector's for the whole EVSE" };
    const created = await api.admin('POST', '/locations', mixed);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ location: { id: 'T1' }, warnings: [warning] });

    const replaced = await api.admin('PUT', '/locations/T1', { ...mixed, evses: [sameTariffs('T1-1', 'FR*ABC*ET1*1'), sameTariffs('T1-2', 'FR*ABC*ET1*2')] });
    expect(await replaced.json()).toMatchObject({ location: { id: 'T1' }, warnings: [] });
    const patched = await api.admin('PATCH', '/locations/T1', { evses: [evse('T1-1', 'FR*ABC*ET1*1')] });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ warnings: [{ ...warning, path: 'evses[0].connectors', evse_uid: 'T1-1' }] });

    const report = (await (await api.admin('POST', '/locations/import', [location('T2'), { ...location('T3'), evses: [sameTariffs('T3-1', 'FR*ABC*ET3*1')] }])).json()) as ImportReport;
    expect(report).toMatchObject({ accepted: 2, rejected: [] });
    expect(report.warnings).toEqual([{ index: 0, id: 'T2', warnings: [{ ...warning, path: 'evses[0].connectors', evse_uid: 'T2-1' }] }]);
  });

  it('answers 400, never 500, to a path id OCPI cannot carry (a NUL byte PostgreSQL would refuse, too long)', async () => {
    for (const path of ['/locations/A%00B', `/locations/${'x'.repeat(37)}`]) {
      const response = await api.admin('GET', path);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ message: expect.stringContaining('id: must be 1 to 36 printable ASCII characters') });
    }
    const evse = await api.admin('DELETE', '/locations/A1/evses/E%01');
    expect(evse.status).toBe(400);
    expect(await evse.json()).toMatchObject({ message: expect.stringContaining('evseUid: must be') });
  });

  it('refuses, by create, replace, patch and import, fields outside the OCPI model at any depth, each by its path, and stores none', async () => {
    const errorsOf = async (response: Response) => {
      expect(response.status).toBe(400);
      return ((await response.json()) as { errors: { path: string; reason: string }[] }).errors;
    };
    const withExtras = (id: string) => {
      const body: Record<string, unknown> = { ...location(id), gireve_id: 'G1' };
      const [first] = body.evses as Record<string, unknown>[];
      first.floor = '-2';
      (first.connectors as Record<string, unknown>[])[0].tarif_id = 'T1';
      return body;
    };
    const expected = [
      { path: 'gireve_id', reason: 'unknown field' },
      { path: 'evses[0].floor', reason: 'unknown field' },
      { path: 'evses[0].connectors[0].tarif_id', reason: 'unknown field' },
    ];
    expect(await errorsOf(await api.admin('POST', '/locations', withExtras('U1')))).toEqual(expected);
    expect(await errorsOf(await api.admin('PUT', '/locations/U1', withExtras('U1')))).toEqual(expected);
    expect((await api.admin('GET', '/locations/U1')).status).toBe(404);

    expect((await api.admin('POST', '/locations', location('U2'))).status).toBe(201);
    expect(await errorsOf(await api.admin('PATCH', '/locations/U2', { nickname: 'x' }))).toEqual([{ path: 'nickname', reason: 'unknown field' }]);
    const { time_zone: _dropped, ...v211 } = toV211(location('U3')) as Record<string, unknown>;
    const report = (await (await api.admin('POST', '/locations/import?ocpi_version=2.1.1', [{ ...v211, publish: true }])).json()) as ImportReport;
    expect(report.rejected).toEqual([{ index: 0, id: 'U3', errors: [{ path: 'publish', reason: 'unknown field' }] }]);
  });

  it('answers 400, never 500, to a NUL byte or a lone surrogate in any string PostgreSQL would refuse', async () => {
    const bodies = [
      { ...location('N1'), note: 'a\u0000b' },
      { ...location('N1'), note: '\ud800' },
      { ...location('N1'), name: 'a\u0000b' },
      { ...location('N1'), name: '\udc00' },
      { ...location('N1'), 'a\u0000': 1 },
    ];
    for (const body of bodies) {
      const response = await api.admin('POST', '/locations', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ message: 'Invalid Location', errors: [expect.objectContaining({ reason: expect.any(String) })] });
    }
    expect((await api.admin('GET', '/locations/N1')).status).toBe(404);
    expect((await api.admin('POST', '/locations', location('N2'))).status).toBe(201);
    const binding = await api.admin('PUT', '/locations/N2/ocpp-bindings', [{ evse_uid: 'N2-1', charge_point_id: 'CP\u0000', ocpp16_connector_id: 1 }]);
    expect(binding.status).toBe(400);
    expect(JSON.stringify(await binding.json())).toContain('charge_point_id');
  });

  it('answers a JSON body nested too deeply with 400 saying so: admin, import and OCPI routes', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const send = (method: string, path: string, headers: Record<string, string>) =>
      fetch(`${api.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: deep });
    for (const [method, path] of [
      ['POST', '/admin/locations'],
      ['PATCH', '/admin/locations/A1'],
      ['POST', '/admin/locations/import'],
    ]) {
      const response = await send(method, path, { 'x-api-key': ADMIN_KEY });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ message: 'The JSON body nests objects and arrays deeper than 64 levels' });
    }
    const ocpi = await send('POST', '/ocpi/cpo/2.2.1/credentials', { authorization: formatAuthorizationHeader(TOKEN_A, '2.2.1') });
    expect(ocpi.status).toBe(400);
    expect(await ocpi.json()).toMatchObject({ status_code: 2001, status_message: 'The JSON body nests objects and arrays deeper than 64 levels' });
  });

  it('imports OCPI 2.1.1 Locations, stored in 2.2.1 shape', async () => {
    const { time_zone: _dropped, ...v211 } = toV211(location('V211')) as Record<string, unknown>;
    const report = (await (await api.admin('POST', '/locations/import?ocpi_version=2.1.1', [v211, { ...v211, id: 'V211-BAD', type: 'CASTLE' }])).json()) as ImportReport;
    expect(report).toMatchObject({ accepted: 1, rejected: [{ index: 1, id: 'V211-BAD' }] });
    const { location: stored } = (await (await api.admin('GET', '/locations/V211')).json()) as { location: Record<string, unknown> };
    expect(stored).toMatchObject({ country_code: 'FR', party_id: 'ABC', publish: true, time_zone: 'Europe/Paris', parking_type: 'ON_STREET' });
    expect(stored).not.toHaveProperty('type');
    expect((await api.admin('POST', '/locations/import?ocpi_version=1.0', [])).status).toBe(400);
  });

  it('imports a file from the CLI with progress on stderr and the rejected Locations listed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'import-'));
    try {
      const file = join(dir, 'locations.json');
      await writeFile(file, JSON.stringify([location('C1'), { ...location('C2'), evses: [{ uid: 'C2-1' }] }, location('C3')]));
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
        execFile(
          process.execPath,
          [resolve(REPO_ROOT, 'dist/apps/locations-api/src/import-locations.js'), file],
          { env: { ...process.env, DATABASE_URL: api.databaseUrl } },
          (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/3 Locations \(100% of [\d.]+ MiB read\): 2 accepted, 1 rejected/);
      expect(result.stderr).toContain('rejected Location #1 (C2)');
      const report = JSON.parse(result.stdout) as ImportReport;
      expect(report).toMatchObject({ total: 3, accepted: 2, created: 2 });
      expect(report.rejected[0].errors.length).toBeGreaterThan(0);
      expect((await api.admin('GET', '/locations/C3')).status).toBe(200);
      // The running app publishes what the CLI wrote to the outbox.
      await pollUntil(
        () => messagesFor('C3'),
        (m) => m.length === 1,
        { what: 'C3 on Kafka' },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a change made while Kafka is unreachable and publishes it once Kafka is back', async () => {
    const offline = await LocationsApiHarness.start('offline', { KAFKA_BROKERS: '127.0.0.1:9' });
    try {
      expect((await offline.admin('PUT', '/locations/K1', location('K1'))).status).toBe(201);
      const { rows } = await offline.db.query('SELECT message_key FROM location_outbox');
      expect(rows).toEqual([{ message_key: 'FR/ABC/K1' }]);
      expect(messagesFor('K1')).toEqual([]);
    } finally {
      await offline.app.stop();
    }
    // The same database, now with Kafka reachable: the relay sends what waited.
    const online = await LocationsApiHarness.reuse(offline);
    try {
      const [message] = await pollUntil(
        () => messagesFor('K1'),
        (m) => m.length === 1,
        { what: 'K1 on Kafka after the outage' },
      );
      expect(message).toMatchObject({ country_code: 'FR', party_id: 'ABC', location_id: 'K1', change: 'upserted' });
      await pollUntil(
        async () => (await online.db.query('SELECT count(*)::int AS n FROM location_outbox')).rows[0].n,
        (n) => n === 0,
        { what: 'an empty outbox' },
      );
    } finally {
      await online.stop();
    }
  });
});
