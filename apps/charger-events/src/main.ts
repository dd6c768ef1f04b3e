import './tracing';
import { fastifyAdapter, runApp, setupOpenApi } from '@app/platform';
import { AppModule } from './app.module';
import { ChargerEventsSettings } from './charger-events.settings';
import { buildOcppStatusTable } from './status-mapping/ocpp-status-table';

runApp(
  'charger-events',
  ChargerEventsSettings,
  (settings) => {
    // A bad override must stop the start, named, like any other bad setting.
    buildOcppStatusTable(settings.OCPP_STATUS_OVERRIDES);
    return AppModule.forRoot(settings);
  },
  (app) => {
    setupOpenApi(
      app,
      'charger-events',
      'Takes EVSE status changes from chargers or an OCPP central system (OCPP 1.6, OCPP 2.0.1 or native OCPI events, one at a time or in batches) and publishes them to Kafka keyed by EVSE; 202 only once Kafka acknowledged.',
    );
  },
  // Fastify: the ingest's hot path (about 4× Express's requests/s); bodies over MAX_BODY_BYTES get 413.
  (settings) => fastifyAdapter({ bodyLimit: settings.MAX_BODY_BYTES }),
);
