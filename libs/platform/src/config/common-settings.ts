import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import { Setting } from './setting.decorator';
import { WithTracing } from '../tracing/tracing.settings';

/** What a settings mixin extends. */
export type Constructor<T = object> = new (...args: any[]) => T;

/**
 * A rule between settings, reported on the one that is wrong with `message`
 * (a half-configured SASL login would otherwise only fail at the broker).
 */
function ConsistentWith(name: string, valid: (value: unknown, settings: Record<string, unknown>) => boolean, message: string): PropertyDecorator {
  return ValidateBy({ name, validator: { validate: (value, args) => valid(value, args!.object as Record<string, unknown>) } }, { message });
}

const isSet = (value: unknown) => value !== undefined && value !== '';
const OnlyWithSsl = (name: string): PropertyDecorator => ConsistentWith(name, (value, s) => !isSet(value) || s.KAFKA_SSL === 'true', 'must be empty unless KAFKA_SSL=true');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

class LogSettings {
  @Setting({ description: 'Log level (fatal, error, warn, info, debug, trace).' })
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}

/** Settings every app has: logs and traces. */
export class BaseSettings extends WithTracing(LogSettings) {}

/** Adds the Kafka connection settings to a settings class. */
export function WithKafka<TBase extends Constructor>(Base: TBase) {
  class KafkaSettings extends Base {
    @Setting({ description: 'Comma-separated Kafka bootstrap servers (host:port).' })
    @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'must be host:port[,host:port...]' })
    KAFKA_BROKERS = '127.0.0.1:9092';

    @Setting({ description: 'Partitions of the topics the app creates; caps the parallelism of gireve-push replicas.' })
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(1000)
    KAFKA_TOPIC_PARTITIONS = 12;

    @Setting({
      description: 'Replicas of each partition of the topics the app creates (3 in production: an acknowledged event survives the loss of a broker). Existing topics are checked against it.',
    })
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(16)
    KAFKA_TOPIC_REPLICATION_FACTOR = 1;

    @Setting({
      description: 'min.insync.replicas of the topics the app creates (2 in production: acks=all then means written on two brokers). Existing topics are checked against it.',
    })
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(16)
    KAFKA_TOPIC_MIN_INSYNC_REPLICAS = 1;

    @Setting({ description: 'Connect to the brokers over TLS (managed Kafka); the KAFKA_SSL_* files below need it.' })
    @Type(() => String)
    @IsIn(['true', 'false'])
    KAFKA_SSL: 'true' | 'false' = 'false';

    @Setting({ description: "PEM file of the CA(s) the brokers' certificates are checked against; empty: the system CAs." })
    @IsString()
    @OnlyWithSsl('caOnlyWithSsl')
    KAFKA_SSL_CA_FILE = '';

    @Setting({ description: 'PEM file of the client certificate (mutual TLS), with KAFKA_SSL_KEY_FILE; empty: none.' })
    @IsString()
    @ConsistentWith('certWithKey', (value, s) => !isSet(value) || isSet(s.KAFKA_SSL_KEY_FILE), 'must be paired with KAFKA_SSL_KEY_FILE (set both or neither)')
    @OnlyWithSsl('certOnlyWithSsl')
    KAFKA_SSL_CERT_FILE = '';

    @Setting({ description: 'PEM file of the private key of KAFKA_SSL_CERT_FILE (unencrypted); empty: none.', secret: true })
    @IsString()
    @ConsistentWith('keyWithCert', (value, s) => !isSet(value) || isSet(s.KAFKA_SSL_CERT_FILE), 'must be paired with KAFKA_SSL_CERT_FILE (set both or neither)')
    @OnlyWithSsl('keyOnlyWithSsl')
    KAFKA_SSL_KEY_FILE = '';

    @Setting({ description: 'Refuse brokers whose certificate the CA does not vouch for (or whose name it does not carry); false only for tests.' })
    @Type(() => String)
    @IsIn(['true', 'false'])
    KAFKA_SSL_REJECT_UNAUTHORIZED: 'true' | 'false' = 'true';

    @Setting({ description: 'SASL mechanism the apps log in to the brokers with; empty: no SASL. Use it over TLS (KAFKA_SSL=true): PLAIN sends the password as is.' })
    @ConsistentWith(
      'mechanismWithCredentials',
      (value, s) => isSet(value) || (!isSet(s.KAFKA_SASL_USERNAME) && !isSet(s.KAFKA_SASL_PASSWORD)),
      'must be set when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is',
    )
    @Matches(/^(plain|scram-sha-256|scram-sha-512)?$/, { message: 'must be empty, plain, scram-sha-256 or scram-sha-512' })
    KAFKA_SASL_MECHANISM: '' | 'plain' | 'scram-sha-256' | 'scram-sha-512' = '';

    @Setting({ description: 'SASL user name, with KAFKA_SASL_MECHANISM.' })
    @IsString()
    @ConsistentWith('usernameWithMechanism', (value, s) => isSet(value) || !isSet(s.KAFKA_SASL_MECHANISM), 'must be set when KAFKA_SASL_MECHANISM is')
    KAFKA_SASL_USERNAME = '';

    @Setting({ description: 'SASL password, with KAFKA_SASL_MECHANISM.', secret: true })
    @IsString()
    @ConsistentWith('passwordWithMechanism', (value, s) => isSet(value) || !isSet(s.KAFKA_SASL_MECHANISM), 'must be set when KAFKA_SASL_MECHANISM is')
    KAFKA_SASL_PASSWORD = '';
  }
  return KafkaSettings;
}

/** Adds the PostgreSQL connection settings to a settings class. */
export function WithDatabase<TBase extends Constructor>(Base: TBase) {
  class DatabaseSettings extends Base {
    @Setting({ description: 'PostgreSQL URL; the database is created if missing.', secret: true })
    @IsString()
    @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
    DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/gireve_connector';

    @Setting({
      description:
        'Longest wait for the answer to one database query, in milliseconds: past it the query fails and its connection is closed (a silent, half-open connection would otherwise hold its transaction and row locks for good). Opening a connection gets no longer either, and PostgreSQL ends a transaction left idle this long.',
    })
    @Type(() => Number)
    @IsInt()
    @Min(1_000)
    @Max(3_600_000)
    DATABASE_QUERY_TIMEOUT_MS = 60_000;
  }
  return DatabaseSettings;
}

/** Adds the HTTP listener settings to a settings class. */
export function WithHttp<TBase extends Constructor>(Base: TBase, defaultPort: number) {
  class HttpSettings extends Base {
    @Setting({ description: 'HTTP port the app listens on.' })
    @Type(() => Number)
    @IsInt()
    @Min(0)
    @Max(65535)
    PORT = defaultPort;

    @Setting({ description: 'Address the HTTP server binds to.' })
    @IsString()
    HOST = '127.0.0.1';
  }
  return HttpSettings;
}

/** Adds the migrate-on-start switch to a settings class that has a database. */
export function WithMigrations<TBase extends Constructor>(Base: TBase) {
  class MigrationSettings extends Base {
    @Setting({ description: 'Run pending database migrations at start (true for dev; false where a migration job runs them).' })
    @Type(() => String)
    @IsIn(['true', 'false'])
    DATABASE_MIGRATE_ON_START: 'true' | 'false' = 'true';
  }
  return MigrationSettings;
}
