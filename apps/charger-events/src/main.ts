import { runApp } from '@app/platform';
import { AppModule } from './app.module';
import { ChargerEventsSettings } from './charger-events.settings';

runApp('charger-events', ChargerEventsSettings, (settings) => AppModule.forRoot(settings));
