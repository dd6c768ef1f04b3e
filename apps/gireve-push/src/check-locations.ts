import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadSettings } from '@app/platform';
import { GirevePushSettings } from './gireve-push.settings';
import { CheckLocationsModule } from './locations/check-locations.module';
import { CheckLocationsService } from './locations/check-locations.service';
import { type CheckTotals, describeCheck, describeTotals } from './locations/check-locations.report';

/**
 * Check Locations: `node dist/apps/gireve-push/src/check-locations.js [--full] [--repush]`
 * (same environment as gireve-push, plus LOCATIONS_API_URL and
 * LOCATIONS_API_ADMIN_KEY to compare with locations-api). Prints each Location that differs at the
 * IOP in what GIREVE keeps as sent (EVSE statuses, evse_ids, first connector's
 * tariff ids), or in every field with --full; --repush has the running workers
 * PUT those again. Exit code 0 when all are the same (or were re-pushed), 1
 * otherwise, 2 on error.
 */
async function main(): Promise<number> {
  const repush = process.argv.includes('--repush');
  const scope = process.argv.includes('--full') ? 'full' : 'kept';
  const settings = loadSettings(GirevePushSettings);
  const app = await NestFactory.createApplicationContext(CheckLocationsModule.forRoot(settings), { logger: ['error', 'warn'] });
  try {
    const checker = app.get(CheckLocationsService);
    const reference = checker.reference();
    console.log(`Comparing the IOP with ${reference.name}.`);
    const totals: CheckTotals = { same: 0, differs: 0, missing: 0, unreadable: 0 };
    const toRepush: string[] = [];
    for await (const check of checker.check(reference, scope)) {
      totals[check.verdict]++;
      if (check.verdict === 'differs' || check.verdict === 'missing') toRepush.push(check.key);
      const line = describeCheck(check);
      if (line) console.log(line);
    }
    console.log(describeTotals(totals));
    if (repush && toRepush.length > 0) {
      const { queued, inFlight } = await checker.repush(toRepush);
      console.log(`Re-push: ${queued} Location(s) queued for a new PUT by the gireve-push workers.`);
      if (inFlight > 0) console.log(`Re-push: ${inFlight} Location(s) being pushed right now, left alone; check again.`);
      return totals.unreadable === 0 && inFlight === 0 ? 0 : 1;
    }
    return toRepush.length === 0 && totals.unreadable === 0 ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`check-locations failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
