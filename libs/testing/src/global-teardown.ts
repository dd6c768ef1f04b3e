import { dropDatabase } from '@app/platform';
import { stopTestKafka } from './test-infrastructure';

/** Drops the run's database and stops the test broker. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) await dropDatabase(process.env.TEST_DATABASE_URL);
  if (process.env.KEEP_TEST_KAFKA !== '1') stopTestKafka();
}
