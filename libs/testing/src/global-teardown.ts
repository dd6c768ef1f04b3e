import { dropDatabase } from '../../platform/src/database/ensure-database'; // globalSetup runs outside Jest's module mapper
import { stopTestKafka } from './test-infrastructure';

/** Drops the run's database and stops the test broker. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) await dropDatabase(process.env.TEST_DATABASE_URL);
  if (process.env.KEEP_TEST_KAFKA !== '1') stopTestKafka();
}
