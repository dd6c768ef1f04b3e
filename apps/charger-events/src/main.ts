import { runApp } from '@app/platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ChargerEventsSettings } from './charger-events.settings';
import { buildOcppStatusTable } from './status-mapping/ocpp-status-table';

runApp('charger-events', ChargerEventsSettings, (settings) => {
  // A bad override must stop the start, named, like any other bad setting.
  buildOcppStatusTable(settings.OCPP_STATUS_OVERRIDES);
  return AppModule.forRoot(settings);
}, (app, settings) => {
  (app as NestExpressApplication).useBodyParser('json', { limit: settings.MAX_BODY_BYTES });
});
