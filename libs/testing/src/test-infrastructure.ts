import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** Where the e2e tests' own Kafka broker listens: a port of its own, so a dev pipeline can keep running. */
export const TEST_KAFKA_PORT = Number(process.env.TEST_KAFKA_PORT ?? 39092);
export const REPO_ROOT = resolve(__dirname, '../../..');

const KAFKA_SCRIPT = resolve(REPO_ROOT, 'deploy/local/kafka.sh');

function kafkaEnv(): NodeJS.ProcessEnv {
  return { ...process.env, KAFKA_PORT: String(TEST_KAFKA_PORT), KAFKA_HOME_DIR: resolve(REPO_ROOT, `.cache/kafka/test-${TEST_KAFKA_PORT}`) };
}

/** Starts the test broker (idempotent) and waits until it answers. */
export function startTestKafka(): void {
  execFileSync('bash', [KAFKA_SCRIPT, 'start'], { env: kafkaEnv(), stdio: 'inherit' });
}

export function stopTestKafka(): void {
  execFileSync('bash', [KAFKA_SCRIPT, 'stop'], { env: kafkaEnv(), stdio: 'inherit' });
}

/** The PostgreSQL server tests use; each run gets a database of its own on it. */
export function testDatabaseServer(): string {
  return process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
}
