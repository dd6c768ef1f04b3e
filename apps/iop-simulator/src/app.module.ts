import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { LoggingModule, ObservabilityModule } from '@app/platform';
import { FaultsModule } from './faults/faults.module';
import { IopSimulatorSettings } from './iop-simulator.settings';
import { PullerModule } from './puller/puller.module';
import { LocationsReceiverModule } from './locations-receiver/locations-receiver.module';
import { RecorderModule } from './recorder/recorder.module';
import { RegistrationModule } from './registration/registration.module';
import { VersionsModule } from './versions/versions.module';

@Module({})
export class AppModule {
  static forRoot(settings: IopSimulatorSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot(settings.LOG_LEVEL),
        ObservabilityModule.forRoot({ database: false, kafka: false }),
        RecorderModule,
        RegistrationModule,
        FaultsModule,
        VersionsModule,
        LocationsReceiverModule,
        PullerModule,
      ],
      providers: [
        { provide: IopSimulatorSettings, useValue: settings },
        { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
      ],
      exports: [IopSimulatorSettings],
    };
  }
}
