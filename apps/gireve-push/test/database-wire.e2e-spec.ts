import 'reflect-metadata';
import { dropDatabase } from '@app/platform/database';
import { pollUntil, TcpProxy } from '@app/testing';
import { Client } from 'pg';
import { PushTestBed, Simulator, uid } from './push-test-kit';

/**
 * A half-open wire to PostgreSQL (the proxy swallows what gireve-push sends,
 * its connections stay open): the queries and connection attempts caught on
 * it must fail within DATABASE_QUERY_TIMEOUT_MS and their connections be
 * replaced, or they hold
 * their transactions and row locks for good and nothing is pushed again
 * (chaos profile db-half-open found it).
 */
jest.setTimeout(120_000);

describe('gireve-push: a half-open wire to PostgreSQL', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;
  let proxy: TcpProxy;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1' });
    const database = new URL(bed.databaseUrl);
    proxy = await TcpProxy.start({ host: database.hostname, port: Number(database.port || 5432) });
    database.port = String(proxy.port);
    await bed.startWorker(simulator, { IOP_OCPI_VERSION: '2.2.1', DATABASE_URL: database.toString(), DATABASE_QUERY_TIMEOUT_MS: '2000' });
  });

  afterAll(async () => {
    await bed.tearDown();
    await Promise.all([simulator?.app.stop(), proxy?.close()]);
  });

  it('goes on pushing once the wire passes again, with the connections that lost their answers replaced', async () => {
    const location = uid('LOC');
    const patched = async (evse: string) => (await simulator.requests({ evse_uid: evse })).some((r) => r.method === 'PATCH' && r.http_status < 300);
    await bed.publishStatuses([{ location_id: location, evse_uid: 'E0', status: 'AVAILABLE', event_time: '2026-12-06T10:00:00Z' }]);
    await pollUntil(() => patched('E0'), Boolean, { what: 'the first PATCH' });

    // Everything gireve-push sends now is lost, on connections that stay open (each stays silent for good).
    proxy.set('toUpstream', { kind: 'blackhole' });
    const evses = ['E1', 'E2', 'E3'];
    await bed.publishStatuses(evses.map((evse) => ({ location_id: location, evse_uid: evse, status: 'CHARGING', event_time: '2026-12-06T10:01:00Z' })));
    const lost = proxy.dropped.toUpstream;
    await pollUntil(
      () => proxy.dropped.toUpstream,
      (dropped) => dropped > lost,
      { what: 'queries lost on the wire' },
    );
    // The connections are cut: those opened meanwhile lose their startup on the silent wire too.
    proxy.resetAll();
    const reset = proxy.dropped.toUpstream;
    await pollUntil(
      () => proxy.dropped.toUpstream,
      (dropped) => dropped > reset,
      { what: 'a new connection lost on the wire' },
    );
    proxy.set('toUpstream', { kind: 'pass' });

    for (const evse of evses) await pollUntil(() => patched(evse), Boolean, { what: `the PATCH of ${evse}`, timeoutMs: 60_000 });
  });
});

/**
 * PostgreSQL out of reach when a replica starts (a failover, a restart: the
 * long chaos profile restarted workers during its PostgreSQL faults, and each
 * exited at its first refused connection, until none was left): the replica
 * tries again until it can reach it, then works as usual.
 */
describe('gireve-push: PostgreSQL out of reach at start', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;
  let wire: TcpProxy;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1' });
  });

  afterAll(async () => {
    await bed.tearDown();
    await Promise.all([simulator?.app.stop(), wire?.close()]);
  });

  it('tries again until PostgreSQL answers, then pushes', async () => {
    const database = new URL(bed.databaseUrl);
    wire = await TcpProxy.start({ host: database.hostname, port: Number(database.port || 5432) });
    wire.refuseNewConnections();
    database.port = String(wire.port);
    const starting = bed.startWorker(simulator, { IOP_OCPI_VERSION: '2.2.1', DATABASE_URL: database.toString() });
    // Two refusals: the replica survived the first and tried again.
    await pollUntil(
      () => wire.refused,
      (refused) => refused >= 2,
      { what: 'a second connection attempt', timeoutMs: 30_000 },
    );
    wire.heal();
    await starting;

    const location = uid('LOC');
    await bed.publishStatuses([{ location_id: location, evse_uid: 'E1', status: 'CHARGING', event_time: '2026-12-06T11:00:00Z' }]);
    await pollUntil(async () => (await simulator.requests({ evse_uid: 'E1' })).some((r) => r.method === 'PATCH' && r.http_status < 300), Boolean, { what: 'the PATCH' });
  });
});

/**
 * The connection reset while a starting replica creates its database (a
 * failover, a middlebox): the long chaos profile lost a worker to it, ended by
 * the 'error' event pg emits for a broken connection. That attempt fails and
 * the next one succeeds.
 */
describe('gireve-push: a connection reset while it creates its database', () => {
  const bed = new PushTestBed();
  let simulator: Simulator;
  let wire: TcpProxy;
  let created: string;

  beforeAll(async () => {
    await bed.setUp();
    simulator = await Simulator.start({ IOP_OCPI_VERSION: '2.2.1' });
  });

  afterAll(async () => {
    await bed.tearDown();
    await Promise.all([simulator?.app.stop(), wire?.close(), created && dropDatabase(created)]);
  });

  it('tries again, then pushes', async () => {
    const database = new URL(`${bed.databaseUrl}_created`);
    created = database.toString();
    const direct = `${database.protocol}//${database.username ? `${database.username}@` : ''}${database.host}`;
    wire = await TcpProxy.start({ host: database.hostname, port: Number(database.port || 5432) });
    database.port = String(wire.port);
    // A session on template1 makes CREATE DATABASE wait (PostgreSQL checks for up to 5 s before it fails): the reset lands while it runs.
    const onTemplate = new Client({ connectionString: `${direct}/template1` });
    await onTemplate.connect();
    const observer = new Client({ connectionString: `${direct}/postgres` });
    await observer.connect();
    let starting: Promise<unknown>;
    try {
      starting = bed.startWorker(simulator, { IOP_OCPI_VERSION: '2.2.1', DATABASE_URL: database.toString() });
      await pollUntil(
        async () => (await observer.query(`SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'CREATE DATABASE%'`)).rowCount,
        (running) => running === 1,
        { what: 'the worker creating its database', timeoutMs: 30_000 },
      );
      wire.resetAll();
    } finally {
      await Promise.all([onTemplate.end(), observer.end()]);
    }
    await starting;

    const location = uid('LOC');
    await bed.publishStatuses([{ location_id: location, evse_uid: 'E1', status: 'CHARGING', event_time: '2026-12-06T12:00:00Z' }]);
    await pollUntil(async () => (await simulator.requests({ evse_uid: 'E1' })).some((r) => r.method === 'PATCH' && r.http_status < 300), Boolean, { what: 'the PATCH' });
  });
});
