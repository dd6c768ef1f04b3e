import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Setting } from './setting.decorator';

type Constructor<T = object> = new (...args: any[]) => T;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** Settings every app has. */
export class BaseSettings {
  @Setting({ description: 'Log level (fatal, error, warn, info, debug, trace).' })
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}

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
      description:
        'Replicas of each partition of the topics the app creates (3 in production: an acknowledged event survives the loss of a broker). Existing topics are checked against it.',
    })
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(16)
    KAFKA_TOPIC_REPLICATION_FACTOR = 1;

    @Setting({
      description:
        'min.insync.replicas of the topics the app creates (2 in production: acks=all then means written on two brokers). Existing topics are checked against it.',
    })
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(16)
    KAFKA_TOPIC_MIN_INSYNC_REPLICAS = 1;
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
