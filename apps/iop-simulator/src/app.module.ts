import { type DynamicModule, Module } from '@nestjs/common';
import { LoggingModule } from '@app/platform';
import { IopSimulatorSettings } from './iop-simulator.settings';
import { LocationsReceiverModule } from './locations-receiver/locations-receiver.module';
import { RecorderModule } from './recorder/recorder.module';
import { VersionsModule } from './versions/versions.module';

@Module({})
export class AppModule {
  static forRoot(settings: IopSimulatorSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [LoggingModule.forRoot(settings.LOG_LEVEL), RecorderModule, VersionsModule, LocationsReceiverModule],
      providers: [{ provide: IopSimulatorSettings, useValue: settings }],
      exports: [IopSimulatorSettings],
    };
  }
}
