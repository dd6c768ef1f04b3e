import 'reflect-metadata';
import { type EvseStatusEventV1, evseKey, type LocationChangedV1, TOPICS } from '@app/messaging';
import { pollUntil } from '@app/testing';
import { type Consumer, Kafka, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { location } from './location.fixture';
import { envelope, LocationsApiHarness, nextLink, TOKEN_A, topicsCreated } from './locations-api.harness';

interface Loc {
  id: string;
  last_updated: string;
  evses: { uid: string; status: string; last_updated: string; connectors: { id: string; last_updated: string; max_amperage?: number; amperage?: number }[] }[];
}

/** The Locations sender as GIREVE pulls it, on real PostgreSQL and Kafka. */
describe('locations-api: OCPI Locations sender', () => {
  let api: LocationsApiHarness;
  let tokenC: string;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: Consumer;
  const published: LocationChangedV1[] = [];
  /** Ten published Locations L00..L09 (last_updated 2025-01-01T00:0i:00Z); an unpublished one comes later. */
  const ids = Array.from({ length: 10 }, (_, i) => `L0${i}`);
  const minute = (i: number) => `2025-01-01T00:0${i}:00Z`;

  beforeAll(async () => {
    api = await LocationsApiHarness.start('sender');
    kafka = new Kafka({ clientId: 'locations-sender-test', brokers: process.env.TEST_KAFKA_BROKERS!.split(','), logLevel: 1 });
    producer = kafka.producer();
    await producer.connect();
    consumer = kafka.consumer({ groupId: `sender-test-${randomUUID()}` });
    await topicsCreated(kafka);
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.locations, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void published.push(JSON.parse(message.value!.toString())) });
  });
  /** The broker outlives test runs (KEEP_TEST_KAFKA): only this run's messages count. */
  const started = Date.now();
  const ofThisRun = (message: LocationChangedV1) => Date.parse(message.changed_at) >= started - 1000;

  afterAll(async () => {
    await Promise.all([producer?.disconnect(), consumer?.disconnect()]);
    await api?.stop();
  });

  /** A pull in `version` by the IOP registered in it (token C serves only the registered version). */
  const pull = async (query: string, version: '2.1.1' | '2.2.1' = '2.2.1') => {
    await api.registeredIn(version);
    return api.ocpiGet(`/ocpi/cpo/${version}/locations${query}`, tokenC, version);
  };

  describe('before the IOP registered', () => {
    it('accepts token A on versions only, and nothing else without a known token', async () => {
      expect((await api.ocpiGet('/ocpi/cpo/versions', TOKEN_A, '2.1.1')).status).toBe(200);
      expect((await api.ocpiGet('/ocpi/cpo/2.2.1', TOKEN_A, '2.2.1')).status).toBe(200);
      const withTokenA = await api.ocpiGet('/ocpi/cpo/2.2.1/locations', TOKEN_A, '2.2.1');
      expect(withTokenA.status).toBe(401);
      expect(await envelope(withTokenA)).toMatchObject({ status_code: 2000 });
      expect((await api.ocpiGet('/ocpi/cpo/2.1.1/locations', TOKEN_A, '2.1.1')).status).toBe(401);
      expect((await api.ocpiGet('/ocpi/cpo/versions', undefined, '2.1.1')).status).toBe(401);
      expect((await api.ocpiGet('/ocpi/cpo/versions', 'some-unknown-token-value', '2.1.1')).status).toBe(401);
    });
  });

  describe('registered', () => {
    beforeAll(async () => {
      tokenC = await api.registerIop();
    });

    it('rejects token A once the IOP is registered, and a missing or unknown token', async () => {
      expect((await api.ocpiGet('/ocpi/cpo/versions', TOKEN_A, '2.2.1')).status).toBe(401);
      for (const token of [undefined, 'x'.repeat(43), TOKEN_A]) {
        const response = await api.ocpiGet('/ocpi/cpo/2.2.1/locations', token, '2.2.1');
        expect(response.status).toBe(401);
        expect((await envelope(response)).status_code).toBe(2000);
      }
      // Token C in the other version's encoding is still recognised; a garbled header is not.
      expect((await api.ocpiGet('/ocpi/cpo/2.2.1/locations', tokenC, '2.1.1')).status).toBe(200);
      expect((await fetch(`${api.url}/ocpi/cpo/2.2.1/locations`, { headers: { authorization: `Bearer ${tokenC}` } })).status).toBe(401);
    });

    it('serves an empty list with total 0 and no Link', async () => {
      const response = await pull('');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-total-count')).toBe('0');
      expect(response.headers.get('x-limit')).toBe('100');
      expect(response.headers.get('link')).toBeNull();
      expect(await envelope(response)).toMatchObject({ status_code: 1000, data: [] });
    });

    it('seeds Locations through the admin import', async () => {
      const report = await (
        await api.admin(
          'POST',
          '/locations/import',
          ids.map((id) => location(id)),
        )
      ).json();
      expect(report).toMatchObject({ total: 10, accepted: 10, created: 10, rejected: [] });
      // Back-date every stamp of L0i to minute i, so the date windows below are exact.
      for (const [i, id] of ids.entries()) {
        const { rows } = await api.db.query('SELECT body FROM locations WHERE id = $1', [id]);
        const body = rows[0].body as Loc;
        body.last_updated = minute(i);
        for (const evse of body.evses) {
          evse.last_updated = minute(i);
          for (const connector of evse.connectors) connector.last_updated = minute(i);
        }
        await api.db.query('UPDATE locations SET last_updated = $2, body = $3 WHERE id = $1', [id, minute(i), body]);
      }
    });

    it('pages in creation order; a total that is a multiple of the limit ends without an empty page', async () => {
      const first = await pull('?limit=5');
      expect(first.headers.get('x-total-count')).toBe('10');
      expect((await envelope<Loc[]>(first)).data!.map((l) => l.id)).toEqual(ids.slice(0, 5));
      const link = nextLink(first)!;
      expect(link).toMatch(new RegExp(`^${api.url}/ocpi/cpo/2.2.1/locations\\?offset=5&limit=5&cursor=`));

      const second = await api.ocpiGet(link, tokenC, '2.2.1');
      expect(second.headers.get('x-total-count')).toBe('10');
      expect((await envelope<Loc[]>(second)).data!.map((l) => l.id)).toEqual(ids.slice(5));
      expect(second.headers.get('link')).toBeNull();
    });

    it('crawls by Link to the last, partial page, which has no Link', async () => {
      const seen: string[] = [];
      let url: string | undefined = `/ocpi/cpo/2.1.1/locations?limit=4`;
      const sizes: number[] = [];
      await api.registeredIn('2.1.1');
      while (url) {
        const response = await api.ocpiGet(url, tokenC, '2.1.1');
        expect(response.headers.get('x-limit')).toBe('4'); // 2.1.1: the page size used
        const page = (await envelope<Loc[]>(response)).data!;
        sizes.push(page.length);
        seen.push(...page.map((l) => l.id));
        url = nextLink(response);
      }
      expect(sizes).toEqual([4, 4, 2]);
      expect(seen).toEqual(ids);
    });

    it('serves a plain offset (no cursor) the same way, and caps the limit at X-Limit', async () => {
      const tail = await pull('?offset=8&limit=5');
      expect((await envelope<Loc[]>(tail)).data!.map((l) => l.id)).toEqual(['L08', 'L09']);
      expect(tail.headers.get('link')).toBeNull();
      const beyond = await pull('?offset=50');
      expect((await envelope<Loc[]>(beyond)).data).toEqual([]);
      expect(beyond.headers.get('x-total-count')).toBe('10');

      const capped = await api.ocpiGet('/ocpi/cpo/2.2.1/locations?limit=2000', tokenC, '2.2.1');
      expect(capped.headers.get('x-limit')).toBe('100');
      const small = await pull('?limit=3');
      expect(small.headers.get('x-limit')).toBe('100'); // 2.2.1: our maximum, not the page size
      expect(nextLink(small)).toContain('limit=3');
    });

    it('filters on a date window (from inclusive, to exclusive) and carries the filters in Link', async () => {
      const from = minute(2);
      const to = minute(8);
      const first = await pull(`?date_from=${from}&date_to=${to}&limit=4`);
      expect(first.headers.get('x-total-count')).toBe('6');
      expect((await envelope<Loc[]>(first)).data!.map((l) => l.id)).toEqual(['L02', 'L03', 'L04', 'L05']);
      const link = new URL(nextLink(first)!);
      expect(link.searchParams.get('date_from')).toBe(from);
      expect(link.searchParams.get('date_to')).toBe(to);
      expect(link.searchParams.get('offset')).toBe('4');
      const second = await api.ocpiGet(link.toString(), tokenC, '2.2.1');
      expect((await envelope<Loc[]>(second)).data!.map((l) => l.id)).toEqual(['L06', 'L07']);
      expect(second.headers.get('x-total-count')).toBe('6');
      expect(second.headers.get('link')).toBeNull();

      // A DateTime without zone is UTC; a window that holds nothing is an empty page.
      expect((await envelope<Loc[]>(await pull(`?date_from=2025-01-01T00:09:00`))).data!.map((l) => l.id)).toEqual(['L09']);
      const empty = await pull(`?date_from=${from}&date_to=${from}`);
      expect(empty.headers.get('x-total-count')).toBe('0');
      expect((await envelope<Loc[]>(empty)).data).toEqual([]);
    });

    it('answers malformed paging parameters inside the OCPI layer: HTTP 200 with OCPI 2001 naming the parameter', async () => {
      for (const [query, name] of [
        ['?offset=-1', 'offset'],
        ['?limit=0', 'limit'],
        ['?date_from=yesterday', 'date_from'],
        ['?date_to=2026-13-45T99:00:00Z', 'date_to'],
        ['?cursor=forged', 'cursor'],
      ]) {
        for (const version of ['2.1.1', '2.2.1'] as const) {
          const response = await pull(query, version);
          expect(response.status).toBe(200);
          expect(await envelope(response)).toMatchObject({ status_code: 2001, status_message: expect.stringContaining(name) });
        }
      }
    });

    it('answers an id OCPI cannot carry (control character, too long) with HTTP 200 and OCPI 2001, never 500', async () => {
      for (const [path, name] of [
        ['/A%00B', 'location_id'],
        [`/${'x'.repeat(40)}`, 'location_id'],
        ['/L03/E%01', 'evse_uid'],
        [`/L03/L03-1/${'9'.repeat(37)}`, 'connector_id'],
      ]) {
        for (const version of ['2.1.1', '2.2.1'] as const) {
          const response = await pull(path, version);
          expect(response.status).toBe(200);
          expect(await envelope(response)).toMatchObject({ status_code: 2001, status_message: expect.stringContaining(`${name}: must be`) });
        }
      }
      // 2.1.1 allows a 39-character Location id: valid, only unknown here.
      expect((await pull(`/${'x'.repeat(39)}`, '2.1.1')).status).toBe(404);
    });

    it('serves one Location, EVSE and Connector in both versions', async () => {
      const v221 = (await envelope<Loc & { publish: boolean }>(await pull('/L03'))).data!;
      expect(v221).toMatchObject({ id: 'L03', publish: true, country_code: 'FR' });
      const v211 = (await envelope<Record<string, unknown>>(await pull('/L03', '2.1.1'))).data!;
      expect(v211).toMatchObject({ id: 'L03' });
      expect(v211).not.toHaveProperty('publish');
      expect(v211).not.toHaveProperty('country_code');

      const evse = (await envelope<Loc['evses'][number]>(await pull('/L03/L03-1'))).data!;
      expect(evse).toMatchObject({ uid: 'L03-1', status: 'AVAILABLE' });
      const connector221 = (await envelope<Record<string, unknown>>(await pull('/L03/L03-1/2'))).data!;
      expect(connector221).toMatchObject({ id: '2', max_amperage: 125, tariff_ids: ['DC-FAST'] });
      const connector211 = (await envelope<Record<string, unknown>>(await pull('/L03/L03-1/2', '2.1.1'))).data!;
      expect(connector211).toMatchObject({ id: '2', amperage: 125, tariff_id: 'DC-FAST' });
    });

    it('serves a publish: false Location in 2.2.1, with the flag, and leaves it out of 2.1.1, which has none', async () => {
      expect((await api.admin('POST', '/locations', location('HIDDEN1', { publish: false }))).status).toBe(201);
      expect((await envelope<{ publish: boolean }>(await pull('/HIDDEN1'))).data).toMatchObject({ id: 'HIDDEN1', publish: false });
      const page221 = await pull('?offset=9');
      expect(page221.headers.get('x-total-count')).toBe('11');
      expect((await envelope<Loc[]>(page221)).data!.map((l) => l.id)).toEqual(['L09', 'HIDDEN1']);

      const byId211 = await pull('/HIDDEN1', '2.1.1');
      expect(byId211.status).toBe(404);
      expect(await envelope(byId211)).toMatchObject({ status_code: 2003 });
      const page211 = await pull('?offset=9', '2.1.1');
      expect(page211.headers.get('x-total-count')).toBe('10');
      expect((await envelope<Loc[]>(page211)).data!.map((l) => l.id)).toEqual(['L09']);
    });

    it('answers 404 with an OCPI envelope for unknown objects', async () => {
      for (const path of ['/NOPE', '/L03/NOPE', '/L03/L03-1/9']) {
        for (const version of ['2.1.1', '2.2.1'] as const) {
          const response = await pull(path, version);
          expect(response.status).toBe(404);
          expect(await envelope(response)).toMatchObject({ status_code: 2003, timestamp: expect.any(String) });
        }
      }
      const unknownVersion = await api.ocpiGet('/ocpi/cpo/2.0/locations', tokenC, '2.2.1');
      expect(unknownVersion.status).toBe(404);
    });

    it('times every pull in a histogram by version, level and answer', async () => {
      const metrics = await (await fetch(`${api.url}/metrics`)).text();
      const count = (labels: string) =>
        Number(
          metrics
            .split('\n')
            .find((line) => line.startsWith('locations_api_pull_duration_seconds_count{') && line.includes(labels))
            ?.split(' ')
            .pop() ?? 0,
        );
      expect(count('version="2.2.1",level="page",status="200"')).toBeGreaterThan(0);
      expect(count('version="2.1.1",level="evse",status="404"')).toBeGreaterThan(0);
    });

    it('answers 2.2.1 request, correlation and routing headers, and no routing headers on configuration modules', async () => {
      const headers = {
        'x-request-id': 'req-1',
        'x-correlation-id': 'corr-1',
        'ocpi-from-country-code': 'FR',
        'ocpi-from-party-id': '107',
        'ocpi-to-country-code': 'FR',
        'ocpi-to-party-id': 'ABC',
      };
      const response = await api.ocpiGet('/ocpi/cpo/2.2.1/locations?limit=1', tokenC, '2.2.1', headers);
      expect(response.headers.get('x-request-id')).toBe('req-1');
      expect(response.headers.get('x-correlation-id')).toBe('corr-1');
      expect(response.headers.get('ocpi-from-country-code')).toBe('FR');
      expect(response.headers.get('ocpi-from-party-id')).toBe('ABC');
      expect(response.headers.get('ocpi-to-country-code')).toBe('FR');
      expect(response.headers.get('ocpi-to-party-id')).toBe('107');
      const notFound = await api.ocpiGet('/ocpi/cpo/2.2.1/locations/NOPE', tokenC, '2.2.1', headers);
      expect(notFound.headers.get('ocpi-to-party-id')).toBe('107');
      // Without routing headers in the request, the answer goes to the registered IOP.
      expect((await pull('?limit=1')).headers.get('ocpi-to-party-id')).toBe('107');
      const versions = await api.ocpiGet('/ocpi/cpo/versions', tokenC, '2.2.1', headers);
      expect(versions.headers.get('x-request-id')).toBe('req-1');
      expect(versions.headers.get('ocpi-from-party-id')).toBeNull();
      expect((await pull('?limit=1', '2.1.1')).headers.get('ocpi-from-party-id')).toBeNull();
    });

    it('returns a Location in a delta pull after a charger changed its EVSE status (via Kafka)', async () => {
      const before = new Date();
      const event = (status: string, eventTime: string): EvseStatusEventV1 =>
        ({
          event_id: randomUUID(),
          country_code: 'FR',
          party_id: 'ABC',
          location_id: 'L03',
          evse_uid: 'L03-1',
          status,
          event_time: eventTime,
          received_at: new Date().toISOString(),
          source: 'ocpp16',
        }) as EvseStatusEventV1;
      const send = (e: EvseStatusEventV1) => producer.send({ topic: TOPICS.evseStatus, messages: [{ key: evseKey(e), value: JSON.stringify(e) }] });
      await send(event('CHARGING', '2026-06-01T10:00:00.500Z'));

      const delta = await pollUntil(
        async () => (await envelope<Loc[]>(await pull(`?date_from=${before.toISOString()}`))).data!,
        (locations) => locations.some((l) => l.id === 'L03'),
        { what: 'L03 in the delta pull' },
      );
      const l03 = delta.find((l) => l.id === 'L03')!;
      expect(l03.evses[0].status).toBe('CHARGING');
      expect(Date.parse(l03.last_updated)).toBeGreaterThanOrEqual(before.getTime() - 1000);
      expect(l03.evses[0].last_updated).toBe(l03.last_updated);
      expect(l03.evses[0].connectors.every((c) => c.last_updated !== l03.last_updated)).toBe(true);
      expect(delta.map((l) => l.id)).not.toContain('L04');

      // An older event arriving late does not take the status back.
      await send(event('AVAILABLE', '2026-06-01T09:59:59Z'));
      await send(event('OUTOFORDER', '2026-06-01T10:00:01Z'));
      const latest = await pollUntil(
        async () => (await envelope<Loc>(await pull('/L03'))).data!,
        (l) => l.evses[0].status !== 'CHARGING',
        { what: 'the newer status' },
      );
      expect(latest.evses[0].status).toBe('OUTOFORDER');

      const message = await pollUntil(
        () => published.filter((m) => ofThisRun(m) && m.location_id === 'L03' && m.change === 'evse-status'),
        (messages) => messages.some((m) => (m.location as unknown as Loc).evses[0].status === 'OUTOFORDER'),
        { what: 'the evse-status change on ocpi.locations.v1' },
      );
      expect(message.map((m) => (m.location as unknown as Loc).evses[0].status)).toEqual(['CHARGING', 'OUTOFORDER']);
    });

    it('returns a Location in a delta pull after the CPO changed one Connector, moving EVSE and Location stamps', async () => {
      const before = new Date();
      const stored = (await envelope<Loc>(await pull('/L05'))).data!;
      const changedEvse = { ...stored.evses[0], connectors: stored.evses[0].connectors.map((c) => (c.id === '2' ? { ...c, max_amperage: 200 } : c)) };
      const patched = await api.admin('PATCH', '/locations/L05', { evses: [changedEvse] });
      expect(patched.status).toBe(200);

      const delta = (await envelope<Loc[]>(await pull(`?date_from=${before.toISOString()}`))).data!;
      const l05 = delta.find((l) => l.id === 'L05')!;
      expect(l05).toBeDefined();
      const [c1, c2] = l05.evses[0].connectors;
      expect(c2).toMatchObject({ max_amperage: 200 });
      expect(Date.parse(c2.last_updated)).toBeGreaterThanOrEqual(before.getTime() - 1000);
      expect(c1.last_updated).toBe(stored.evses[0].connectors[0].last_updated);
      expect(l05.evses[0].last_updated).toBe(c2.last_updated);
      expect(l05.last_updated).toBe(c2.last_updated);
      // The same change is seen through 2.1.1.
      const delta211 = (await envelope<Loc[]>(await pull(`?date_from=${before.toISOString()}`, '2.1.1'))).data!;
      expect(delta211.find((l) => l.id === 'L05')!.evses[0].connectors[1]).toMatchObject({ amperage: 200 });
    });
  });
});
