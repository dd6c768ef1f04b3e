import { type AppProcess, freeKafkaPort, freePort, kafkaBrokerHome, locationChanged, pollUntil, publishLocations, startKafkaBroker, stopKafkaBroker } from '@app/testing';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { post, startIngestor, StatusTopicReader, uniqueId } from './ingest-test-kit';

const STORE_PASSWORD = randomBytes(12).toString('hex');
const USER = 'charger-events';
const PASSWORD = randomBytes(12).toString('hex');

interface TlsFiles {
  keystore: string;
  truststore: string;
  /** PEMs for the app: the CA, and its client certificate and key. */
  ca: string;
  cert: string;
  key: string;
}

/**
 * A CA, the broker's key and certificate (SAN 127.0.0.1, localhost) in a
 * PKCS12 keystore, a truststore of the CA, and a client certificate from the
 * same CA, made with the JDK's keytool; openssl takes the client key out as PEM.
 */
function makeTlsFiles(dir: string): TlsFiles {
  const keytool = (...args: string[]) => execFileSync('keytool', [...args, '-storepass', STORE_PASSWORD], { cwd: dir, stdio: 'pipe' });
  keytool(
    '-genkeypair',
    '-alias',
    'ca',
    '-keyalg',
    'RSA',
    '-keysize',
    '2048',
    '-dname',
    'CN=test-ca',
    '-ext',
    'bc:c',
    '-ext',
    'KU=keyCertSign,cRLSign',
    '-validity',
    '2',
    '-keystore',
    'ca.p12',
    '-storetype',
    'PKCS12',
  );
  keytool('-exportcert', '-rfc', '-alias', 'ca', '-keystore', 'ca.p12', '-file', 'ca.pem');
  for (const who of ['broker', 'client']) {
    keytool('-genkeypair', '-alias', who, '-keyalg', 'RSA', '-keysize', '2048', '-dname', `CN=${who}`, '-validity', '2', '-keystore', `${who}.p12`, '-storetype', 'PKCS12');
    keytool('-certreq', '-alias', who, '-keystore', `${who}.p12`, '-file', `${who}.csr`);
    keytool(
      ...['-gencert', '-alias', 'ca', '-keystore', 'ca.p12', '-infile', `${who}.csr`, '-outfile', `${who}.pem`, '-rfc', '-validity', '2'],
      ...['-ext', 'SAN=ip:127.0.0.1,dns:localhost', '-ext', 'KU=digitalSignature,keyEncipherment', '-ext', 'EKU=serverAuth,clientAuth'],
    );
    keytool('-importcert', '-noprompt', '-alias', 'ca', '-file', 'ca.pem', '-keystore', `${who}.p12`);
    keytool('-importcert', '-alias', who, '-file', `${who}.pem`, '-keystore', `${who}.p12`);
  }
  keytool('-importcert', '-noprompt', '-alias', 'ca', '-file', 'ca.pem', '-keystore', 'truststore.p12', '-storetype', 'PKCS12');
  execFileSync('openssl', ['pkcs12', '-in', 'client.p12', '-nocerts', '-nodes', '-passin', `pass:${STORE_PASSWORD}`, '-out', 'client.key'], { cwd: dir, stdio: 'pipe' });
  return { keystore: join(dir, 'broker.p12'), truststore: join(dir, 'truststore.p12'), ca: join(dir, 'ca.pem'), cert: join(dir, 'client.pem'), key: join(dir, 'client.key') };
}

/**
 * charger-events on a broker that only lets in clients over TLS with a client
 * certificate from the test CA and a SASL login: every Kafka client of the app
 * (kafkajs consumer and admin, @platformatic/kafka producer on its thread) must
 * carry the settings, or it never becomes ready. The test reads and seeds
 * topics over the broker's PLAINTEXT listener.
 */
describe('charger-events on a SASL_SSL Kafka listener', () => {
  let dir: string;
  let tls: TlsFiles;
  let port: number;
  let securePort: number;
  let reader: StatusTopicReader;
  let ingestor: AppProcess | undefined;
  const L = uniqueId('S');
  let minute = 0;
  const event = (status: string) => ({ location_id: L, evse_uid: `${L}-1`, status, timestamp: `2026-11-23T10:${String(minute++).padStart(2, '0')}:00Z` });

  const secureEnv = (mechanism: string, password = PASSWORD): Record<string, string> => ({
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: tls.ca,
    KAFKA_SSL_CERT_FILE: tls.cert,
    KAFKA_SSL_KEY_FILE: tls.key,
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: USER,
    KAFKA_SASL_PASSWORD: password,
  });

  /** Started unready, so afterEach stops it even when it never gets ready. */
  async function startSecured(env: Record<string, string>): Promise<AppProcess> {
    ingestor = await startIngestor(`127.0.0.1:${securePort}`, env, { waitReady: false });
    return ingestor;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
    tls = makeTlsFiles(dir);
    port = await freeKafkaPort();
    do securePort = await freePort();
    while (securePort === port || securePort === port + 1);
    // SCRAM credentials are only added when the storage is formatted: no leftover of an earlier run on this port.
    rmSync(kafkaBrokerHome(port), { recursive: true, force: true });
    startKafkaBroker(port, {
      saslSsl: { port: securePort, keystore: tls.keystore, truststore: tls.truststore, storePassword: STORE_PASSWORD, clientAuth: 'required', users: { [USER]: PASSWORD } },
    });
    const plaintext = `127.0.0.1:${port}`;
    await publishLocations(plaintext, [locationChanged(L, 1)]);
    reader = await StatusTopicReader.start(plaintext);
  });

  afterEach(async () => {
    const logs = ingestor?.logs ?? '';
    await ingestor?.stop();
    ingestor = undefined;
    // No secret in any log, whatever happened.
    for (const secret of [PASSWORD, 'not-the-password', STORE_PASSWORD]) expect(logs).not.toContain(secret);
    expect(logs).not.toContain('PRIVATE KEY');
  });

  afterAll(async () => {
    await reader?.stop();
    if (port !== undefined) {
      stopKafkaBroker(port);
      rmSync(kafkaBrokerHome(port), { recursive: true, force: true });
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['scram-sha-512', 'scram-sha-256', 'plain'])('with %s over mutual TLS: becomes ready, answers 202 and the event is on the topic', async (mechanism) => {
    const app = await startSecured(secureEnv(mechanism));
    // The readiness body names what is down (the registry's kafkajs consumer, the producer thread, the topic check).
    await pollUntil(
      async () => {
        const ready = await fetch(`${app.url}/health/ready`);
        return { status: ready.status, body: await ready.text() };
      },
      ({ status }) => status === 200,
      { what: `charger-events ready over SASL_SSL with ${mechanism}` },
    );
    const response = await post(app, '/v1/status-events/native', event('CHARGING'));
    expect(response.status).toBe(202);
    const { event_ids } = (await response.json()) as { event_ids: string[] };
    await pollUntil(
      () => reader.of(L).map((m) => m.value.event_id),
      (ids) => ids.includes(event_ids[0]),
      { what: `the ${mechanism} event on the status topic` },
    );
  });

  it('with a wrong password: never ready, and 503 (never 202) for events', async () => {
    const app = await startSecured(secureEnv('scram-sha-512', 'not-the-password'));
    // The broker's refusal reached the app: from here on, nothing is waited for any more.
    await pollUntil(
      () => app.logs,
      (logs) => /authentication failed/i.test(logs),
      { what: 'the app to log the SASL refusal' },
    );
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(503);
    for (let i = 0; i < 3; i++) expect((await post(app, '/v1/status-events/native', event('AVAILABLE'))).status).toBe(503);
    expect(reader.of(L).map((m) => m.value.status)).not.toContain('AVAILABLE');
  });
});
