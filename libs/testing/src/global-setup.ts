import { ensureDatabase } from '../../platform/src/database/ensure-database'; // globalSetup runs outside Jest's module mapper
import { randomBytes } from 'node:crypto';
import { startTestKafka, TEST_KAFKA_PORT, testDatabaseServer } from './test-infrastructure';

/**
 * Runs once before the e2e specs: a real Kafka broker and a fresh PostgreSQL
 * database for this run. Specs read them from TEST_KAFKA_BROKERS / TEST_DATABASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  startTestKafka();
  const databaseUrl = `${testDatabaseServer()}/gireve_test_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(databaseUrl);
  process.env.TEST_KAFKA_BROKERS = `127.0.0.1:${TEST_KAFKA_PORT}`;
  process.env.TEST_DATABASE_URL = databaseUrl;
}
