import './tracing';
import { KafkaBatchServer } from '@app/messaging';
import { runApp, setupOpenApi, useJsonBodyParser } from '@app/platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { GirevePushSettings } from './gireve-push.settings';

runApp(
  'gireve-push',
  GirevePushSettings,
  (settings) => AppModule.forRoot(settings),
  (app) => {
    useJsonBodyParser(app as NestExpressApplication);
    setupOpenApi(app, 'gireve-push', "Pushes EVSE statuses and Locations to GIREVE's IOP. Its admin API lists what the IOP refused (parked objects) and pushes them again once fixed.");
  },
  undefined,
  KafkaBatchServer,
);
