import type { ConnectionOptions as PlatformaticConnectionOptions } from '@platformatic/kafka';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { readFileSync } from 'node:fs';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/**
 * How the apps' Kafka clients reach a secured (managed) cluster, for both
 * client libraries. Plain data, PEM contents included: the producer thread
 * gets it as workerData.
 */
export interface KafkaSecurity {
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean };
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
}

/** The settings kafkaSecurity reads (WithKafka's), by shape: libs/messaging does not depend on @app/platform. */
export interface KafkaSecuritySettings {
  KAFKA_SSL: 'true' | 'false';
  KAFKA_SSL_CA_FILE: string;
  KAFKA_SSL_CERT_FILE: string;
  KAFKA_SSL_KEY_FILE: string;
  KAFKA_SSL_REJECT_UNAUTHORIZED: 'true' | 'false';
  KAFKA_SASL_MECHANISM: '' | SaslMechanism;
  KAFKA_SASL_USERNAME: string;
  KAFKA_SASL_PASSWORD: string;
}

/**
 * The settings as one KafkaSecurity, the PEM files read now, at start: a
 * missing or wrong file stops the start naming its setting, rather than
 * failing every connection later. Settings validation already refused the
 * half-configured combinations.
 */
export function kafkaSecurity(settings: KafkaSecuritySettings, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (settings.KAFKA_SSL === 'true') {
    const pem = (setting: 'KAFKA_SSL_CA_FILE' | 'KAFKA_SSL_CERT_FILE' | 'KAFKA_SSL_KEY_FILE') => readPem(setting, settings[setting], readFile);
    security.tls = {
      ...optional('ca', pem('KAFKA_SSL_CA_FILE')),
      ...optional('cert', pem('KAFKA_SSL_CERT_FILE')),
      ...optional('key', pem('KAFKA_SSL_KEY_FILE')),
      rejectUnauthorized: settings.KAFKA_SSL_REJECT_UNAUTHORIZED !== 'false',
    };
  }
  if (settings.KAFKA_SASL_MECHANISM !== '') {
    security.sasl = { mechanism: settings.KAFKA_SASL_MECHANISM, username: settings.KAFKA_SASL_USERNAME, password: settings.KAFKA_SASL_PASSWORD };
  }
  return security;
}

/** kafkajs's `ssl` and `sasl` client options (consumers, admin). */
export function kafkajsSecurity({ tls, sasl }: KafkaSecurity = {}): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const config: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (tls) config.ssl = { ...tls };
  // kafkajs types its options per mechanism (a union TypeScript cannot match a union against); the three take the same fields.
  if (sasl) config.sasl = { ...sasl } as SASLOptions;
  return config;
}

const PLATFORMATIC_MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

/** @platformatic/kafka's `tls` and `sasl` options (the producer). */
export function platformaticSecurity({ tls, sasl }: KafkaSecurity = {}): Pick<PlatformaticConnectionOptions, 'tls' | 'tlsServerName' | 'sasl'> {
  return {
    // tlsServerName: SNI with each broker's host, as kafkajs does; managed clusters route on it. Node sends none by default.
    ...(tls && { tls: { ...tls }, tlsServerName: true }),
    ...(sasl && { sasl: { mechanism: PLATFORMATIC_MECHANISMS[sasl.mechanism], username: sasl.username, password: sasl.password } }),
  };
}

function readPem(setting: string, path: string, readFile: (path: string) => string): string | undefined {
  if (path === '') return undefined;
  // The key's path is a secret setting: named by its setting only.
  const shown = setting === 'KAFKA_SSL_KEY_FILE' ? 'its file' : path;
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    // The code, not the message: a message would print the key's path.
    throw new Error(`${setting}: cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  if (!text.includes('-----BEGIN ')) throw new Error(`${setting}: ${shown} is not PEM (no -----BEGIN line)`);
  return text;
}

function optional<K extends string>(name: K, value: string | undefined): { [P in K]?: string } {
  return value === undefined ? {} : ({ [name]: value } as { [P in K]: string });
}
