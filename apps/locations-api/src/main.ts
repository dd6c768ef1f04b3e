import { runApp } from '@app/platform';
import { AppModule } from './app.module';
import { LocationsApiSettings } from './locations-api.settings';

runApp('locations-api', LocationsApiSettings, (settings) => AppModule.forRoot(settings));
