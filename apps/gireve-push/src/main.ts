import { runApp } from '@app/platform';
import { AppModule } from './app.module';
import { GirevePushSettings } from './gireve-push.settings';

runApp('gireve-push', GirevePushSettings, (settings) => AppModule.forRoot(settings));
