import { hashToken } from '@app/platform';
import { TOPICS } from '@app/messaging';
import { AppProcess, createTopics, freePort, locationChanged, pollUntil, publishLocations, startGroupAtTopicEnd } from '@app/testing';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';

/**
 * The walking skeleton, end to end on real infrastructure: a status event POSTed
 * to charger-events goes through Kafka to gireve-push, which PATCHes the IOP
 * simulator and records what the IOP holds in PostgreSQL; locations-api serves
 * Locations from PostgreSQL.
 */
describe('pipeline: charger event → Kafka → gireve-push → IOP', () => {
  const apps: AppProcess[] = [];
  let simulator: AppProcess;
  let ingestor: AppProcess;
  let locationsApi: AppProcess;
  let worker: AppProcess;
  const databaseUrl = process.env.TEST_DATABASE_URL!;
  const iopToken = `iop-token-${randomUUID()}`;
  const ingestKey = `ingest-key-${randomUUID()}`;
  // charger-events accepts events only for EVSEs it knows from the Locations topic.
  const locationId = `LOC-${randomUUID().slice(0, 8)}`;
  const [evseA, evseB, evseC] = [1, 2, 3].map((n) => `${locationId}-${n}`) as [string, string, string];
  const postStatus = (body: unknown) =>
    fetch(`${ingestor.url}/v1/status-events/native`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    const kafka = { KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS!, KAFKA_TOPIC_PARTITIONS: '3' };
    // gireve-push's new group would read every earlier spec's events first: it starts at the topics' end.
    const pushGroup = `pipeline-${randomUUID()}`;
    await createTopics(process.env.TEST_KAFKA_BROKERS!, { partitions: 3 });
    await startGroupAtTopicEnd(process.env.TEST_KAFKA_BROKERS!, pushGroup, [TOPICS.evseStatus, TOPICS.locations]);
    await publishLocations(process.env.TEST_KAFKA_BROKERS!, [locationChanged(locationId, 3)]);
    const simulatorPort = await freePort();
    simulator = await AppProcess.start('iop-simulator', simulatorPort, { IOP_TOKEN: iopToken, IOP_PUBLIC_URL: `http://127.0.0.1:${simulatorPort}` });
    apps.push(simulator);
    const [push, ingest, api] = await Promise.all([
      AppProcess.start('gireve-push', await freePort(), {
        ...kafka,
        DATABASE_URL: databaseUrl,
        IOP_VERSIONS_URL: `${simulator.url}/ocpi/emsp/versions`,
        IOP_TOKEN: iopToken,
        KAFKA_CONSUMER_GROUP: pushGroup,
      }),
      AppProcess.start('charger-events', await freePort(), { ...kafka, INGEST_API_KEYS: `pipeline:${hashToken(ingestKey)}` }),
      AppProcess.start('locations-api', await freePort(), { ...kafka, DATABASE_URL: databaseUrl }),
    ]);
    apps.push(push, ingest, api);
    ingestor = ingest;
    locationsApi = api;
    worker = push;
    await pollUntil(
      async () => (await fetch(`${ingestor.url}/health/ready`)).status,
      (status) => status === 200,
      { what: 'charger-events ready' },
    );
    // A status arriving with its Location's first PUT travels inside that PUT; the tests below want PATCHes.
    await pollUntil(
      async () => (await (await fetch(`${simulator.url}/admin/requests?location_id=${locationId}`)).json()) as { method: string }[],
      (requests) => requests.some((r) => r.method === 'PUT'),
      { what: 'the PUT of the Location at the IOP' },
    );
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
  });

  it('delivers an accepted status to the IOP as a PATCH of the EVSE', async () => {
    const evseUid = evseA;
    // Newer than the Location's PUT: the IOP must never get a status older than what it holds.
    const eventTime = new Date(Math.floor(Date.now() / 1000) * 1000 + 250);
    const accepted = await postStatus({ location_id: locationId, evse_uid: evseUid, status: 'CHARGING', timestamp: eventTime.toISOString() });
    expect(accepted.status).toBe(202);

    const received = await pollUntil(
      async () => (await (await fetch(`${simulator.url}/admin/requests?evse_uid=${evseUid}`)).json()) as { method: string; path: string; body: unknown; http_status: number }[],
      (requests) => requests.length > 0,
      { what: 'the PATCH at the IOP' },
    );
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'PATCH',
      path: `/ocpi/emsp/2.1.1/locations/FR/ABC/${locationId}/${evseUid}`,
      body: { status: 'CHARGING', last_updated: eventTime.toISOString().replace('.250Z', 'Z') },
      http_status: 200,
    });

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const row = await pollUntil(
        async () => (await db.query('SELECT status, event_time FROM evse_push_state WHERE evse_key = $1', [`FR/ABC/${locationId}/${evseUid}`])).rows[0],
        (r) => r !== undefined,
        { what: 'the push state row' },
      );
      expect(row.status).toBe('CHARGING');
      expect((row.event_time as Date).toISOString()).toBe(eventTime.toISOString());
    } finally {
      await db.end();
    }
  });

  it('rejects an invalid status event with a 400 naming the field, publishing nothing', async () => {
    const response = await postStatus({ location_id: locationId, evse_uid: evseB, status: 'PLUGGED', timestamp: '2026-11-23T10:00:00Z' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('status');
  });

  it('serves stored Locations to the IOP from PostgreSQL in the OCPI envelope', async () => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const id = `LOC-${randomUUID().slice(0, 8)}`;
    // locations-api serves only a registered IOP (token C); register one directly, pointing at the simulator.
    const tokenC = `token-c-${randomUUID()}`;
    try {
      await db.query(`INSERT INTO locations (country_code, party_id, id, publish, last_updated, body) VALUES ('FR', 'ABC', $1, true, now(), $2)`, [id, { id, name: 'Gare de Lyon' }]);
      await db.query(
        `INSERT INTO iop_registration (id, version, versions_url, endpoints, token_b, token_c_hash, country_code, party_id, parties, registered_at, updated_at)
         VALUES (1, '2.1.1', $1, $2, $3, $4, 'FR', '107', '[]', now(), now()) ON CONFLICT (id) DO UPDATE SET token_c_hash = excluded.token_c_hash`,
        [`${simulator.url}/ocpi/emsp/versions`, JSON.stringify([{ identifier: 'locations', url: `${simulator.url}/ocpi/emsp/2.1.1/locations` }]), iopToken, hashToken(tokenC)],
      );
    } finally {
      await db.end();
    }
    // The alert IopRegistrationMissing reads this gauge (deploy/k8s/base/monitoring.yaml).
    await pollUntil(
      async () => (await fetch(`${worker.url}/metrics`)).text(),
      (text) => /^gireve_push_iop_registered 1$/m.test(text),
      { what: 'gireve_push_iop_registered to show the registration' },
    );
    const response = await fetch(`${locationsApi.url}/ocpi/cpo/2.1.1/locations?limit=1000`, { headers: { authorization: `Token ${tokenC}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status_code: number; data: { id: string }[]; timestamp: string };
    expect(body.status_code).toBe(1000);
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body.data.map((l) => l.id)).toContain(id);
  });

  it('reports liveness, readiness with its dependencies, and push metrics that move under traffic', async () => {
    expect((await fetch(`${worker.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${worker.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, kafka: { status: 'up' } } });

    const accepted = async (): Promise<number> => {
      const text = await (await fetch(`${worker.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('gireve_push_requests_total{') && l.includes('result="accepted"') && l.includes('evse'));
      return line === undefined ? 0 : Number(line.split(' ').pop());
    };
    const before = await accepted();
    const response = await postStatus({ location_id: locationId, evse_uid: evseC, status: 'BLOCKED', timestamp: new Date().toISOString() });
    expect(response.status).toBe(202);
    await pollUntil(
      async () => (await (await fetch(`${simulator.url}/admin/requests?evse_uid=${evseC}`)).json()) as unknown[],
      (requests) => requests.length === 1,
      { what: 'the PATCH at the IOP' },
    );
    // Other EVSEs' pushes (replays of earlier tests' events) may move it too, so at least ours.
    await pollUntil(accepted, (after) => after >= before + 1, { what: 'gireve_push_requests_total to count the PATCH' });
  });

  it('answers liveness and readiness on every app', async () => {
    for (const app of [ingestor, locationsApi, simulator]) {
      expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
    }
    expect(await (await fetch(`${locationsApi.url}/health/ready`)).json()).toMatchObject({ info: { database: { status: 'up' }, kafka: { status: 'up' } } });
  });
});
