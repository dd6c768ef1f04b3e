import { BaseSettings, InvalidSettingsError, loadSettings, WithKafka } from '@app/platform';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkajsSecurity, kafkaSecurity, platformaticSecurity } from './kafka-security';

class Settings extends WithKafka(BaseSettings) {}

const PEM = (label: string) => `-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----\n`;

describe('Kafka security settings', () => {
  let dir: string;
  let files: { ca: string; cert: string; key: string };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
    files = { ca: join(dir, 'ca.pem'), cert: join(dir, 'client.pem'), key: join(dir, 'client.key') };
    writeFileSync(files.ca, PEM('CERTIFICATE'));
    writeFileSync(files.cert, PEM('CERTIFICATE'));
    writeFileSync(files.key, PEM('PRIVATE KEY'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const fromEnv = (env: NodeJS.ProcessEnv) => kafkaSecurity(loadSettings(Settings, env));

  /** The problems loadSettings reports, or [] when it accepts the environment. */
  const problems = (env: NodeJS.ProcessEnv): string[] => {
    try {
      loadSettings(Settings, env);
      return [];
    } catch (error) {
      if (!(error instanceof InvalidSettingsError)) throw error;
      return error.problems;
    }
  };

  it('is plaintext without login by default, for both clients', () => {
    const security = fromEnv({});
    expect(security).toEqual({});
    expect(kafkajsSecurity(security)).toEqual({});
    expect(platformaticSecurity(security)).toEqual({});
    expect(kafkajsSecurity(undefined)).toEqual({});
  });

  it('reads the PEM files once, into plain strings the producer thread can be given', () => {
    const security = fromEnv({
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: files.ca,
      KAFKA_SSL_CERT_FILE: files.cert,
      KAFKA_SSL_KEY_FILE: files.key,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'alice',
      KAFKA_SASL_PASSWORD: 'alice-secret',
    });
    expect(security).toEqual({
      tls: { ca: PEM('CERTIFICATE'), cert: PEM('CERTIFICATE'), key: PEM('PRIVATE KEY'), rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'alice-secret' },
    });
    expect(structuredClone(security)).toEqual(security);
  });

  it('uses the system CAs when no CA file is given, and may be told not to check the broker (tests only)', () => {
    expect(fromEnv({ KAFKA_SSL: 'true' })).toEqual({ tls: { rejectUnauthorized: true } });
    expect(fromEnv({ KAFKA_SSL: 'true', KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' })).toEqual({ tls: { rejectUnauthorized: false } });
  });

  it('maps to kafkajs options (lower-case mechanisms) and to @platformatic/kafka ones (upper case, SNI on)', () => {
    for (const [ours, platformatic] of [
      ['plain', 'PLAIN'],
      ['scram-sha-256', 'SCRAM-SHA-256'],
      ['scram-sha-512', 'SCRAM-SHA-512'],
    ] as const) {
      const security = fromEnv({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: files.ca, KAFKA_SASL_MECHANISM: ours, KAFKA_SASL_USERNAME: 'bob', KAFKA_SASL_PASSWORD: 'pw' });
      expect(kafkajsSecurity(security)).toEqual({
        ssl: { ca: PEM('CERTIFICATE'), rejectUnauthorized: true },
        sasl: { mechanism: ours, username: 'bob', password: 'pw' },
      });
      expect(platformaticSecurity(security)).toEqual({
        tls: { ca: PEM('CERTIFICATE'), rejectUnauthorized: true },
        tlsServerName: true,
        sasl: { mechanism: platformatic, username: 'bob', password: 'pw' },
      });
    }
  });

  it('allows SASL without TLS (SASL_PLAINTEXT)', () => {
    const security = fromEnv({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
    expect(kafkajsSecurity(security)).toEqual({ sasl: { mechanism: 'plain', username: 'u', password: 'p' } });
    expect(platformaticSecurity(security)).toEqual({ sasl: { mechanism: 'PLAIN', username: 'u', password: 'p' } });
  });

  it('refuses a login half configured, naming what is missing, never printing the password', () => {
    expect(problems({ KAFKA_SASL_USERNAME: 'alice', KAFKA_SASL_PASSWORD: 'hunter2' })).toEqual(['KAFKA_SASL_MECHANISM="": must be set when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is']);
    expect(problems({ KAFKA_SASL_PASSWORD: 'hunter2' })).toHaveLength(1);
    expect(problems({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toEqual([
      'KAFKA_SASL_USERNAME="": must be set when KAFKA_SASL_MECHANISM is',
      'KAFKA_SASL_PASSWORD=<redacted>: must be set when KAFKA_SASL_MECHANISM is',
    ]);
    const noUser = problems({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'hunter2' });
    expect(noUser).toEqual(['KAFKA_SASL_USERNAME="": must be set when KAFKA_SASL_MECHANISM is']);
    expect(problems({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'hunter2' })).toEqual([
      'KAFKA_SASL_MECHANISM="SCRAM-SHA-512": must be empty, plain, scram-sha-256 or scram-sha-512',
    ]);
    for (const env of [
      { KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'hunter2' },
      { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_PASSWORD: 'hunter2' },
    ]) {
      expect(problems(env).join('\n')).not.toContain('hunter2');
    }
  });

  it('refuses TLS files without KAFKA_SSL=true, and a certificate without its key or the reverse', () => {
    expect(problems({ KAFKA_SSL_CA_FILE: files.ca })).toEqual([`KAFKA_SSL_CA_FILE=${JSON.stringify(files.ca)}: must be empty unless KAFKA_SSL=true`]);
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: files.cert })).toEqual([
      `KAFKA_SSL_CERT_FILE=${JSON.stringify(files.cert)}: must be paired with KAFKA_SSL_KEY_FILE (set both or neither)`,
    ]);
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_KEY_FILE: files.key })).toEqual(['KAFKA_SSL_KEY_FILE=<redacted>: must be paired with KAFKA_SSL_CERT_FILE (set both or neither)']);
    expect(problems({ KAFKA_SSL: 'yes' })).toHaveLength(1);
    expect(problems({ KAFKA_SSL: 'true', KAFKA_SSL_REJECT_UNAUTHORIZED: 'no' })).toHaveLength(1);
  });

  it('stops the start on a missing or non-PEM file, naming its setting (and the key by its setting only)', () => {
    const missing = join(dir, 'nope.pem');
    expect(() => fromEnv({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: missing })).toThrow(`KAFKA_SSL_CA_FILE: cannot read ${missing} (ENOENT)`);
    // Exactly this: the key's path, a secret setting, is not in it.
    expect(() => fromEnv({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: files.cert, KAFKA_SSL_KEY_FILE: missing })).toThrow(/^KAFKA_SSL_KEY_FILE: cannot read its file \(ENOENT\)$/);
    const notPem = join(dir, 'ca.der');
    writeFileSync(notPem, Buffer.from([0x30, 0x82, 0x01]));
    expect(() => fromEnv({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: notPem })).toThrow(`KAFKA_SSL_CA_FILE: ${notPem} is not PEM (no -----BEGIN line)`);
  });
});
