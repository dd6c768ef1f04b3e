import './tracing';
import { KafkaBatchServer } from '@app/messaging';
import { runApp, setupOpenApi, useJsonBodyParser } from '@app/platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { SELF_READ_BODY_PATHS } from './locations-admin/read-json-body';
import { LocationsApiSettings } from './locations-api.settings';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

runApp(
  'locations-api',
  LocationsApiSettings,
  (settings) => AppModule.forRoot(settings),
  (nestApp) => {
    const app = nestApp as NestExpressApplication;
    // No client of ours makes conditional GETs; hashing every 300 KB page for an ETag is wasted work.
    app.set('etag', false);
    app.disable('x-powered-by');
    // OCPI and admin bodies are small; the import endpoint reads its own (large) body once authenticated.
    useJsonBodyParser(app, {
      limit: '1mb',
      type: (request: IncomingMessage) => JSON_TYPE.test(request.headers['content-type'] ?? '') && !SELF_READ_BODY_PATHS.some((path) => request.url?.startsWith(path)),
    });
    setupOpenApi(
      app,
      'locations-api',
      "The CPO's Locations: the admin API the CPO's back office calls to create, change and import them (X-API-Key), and the OCPI Locations sender, versions and credentials GIREVE calls.",
    );
  },
  undefined,
  KafkaBatchServer,
);
