import { runApp } from '@app/platform';
import { AppModule } from './app.module';
import { IopSimulatorSettings } from './iop-simulator.settings';

runApp('iop-simulator', IopSimulatorSettings, (settings) => AppModule.forRoot(settings));
