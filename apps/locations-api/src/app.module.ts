import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, LoggingModule } from '@app/platform';
import { locationsApiDatabase } from './database/locations-api-database';
import { LocationsApiSettings } from './locations-api.settings';
import { LocationsModule } from './locations/locations.module';

@Module({})
export class AppModule {
  static forRoot(settings: LocationsApiSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot(settings.LOG_LEVEL),
        DatabaseModule.forRoot(locationsApiDatabase(settings.DATABASE_URL, settings.DATABASE_MIGRATE_ON_START === 'true')),
        LocationsModule,
      ],
      providers: [{ provide: LocationsApiSettings, useValue: settings }],
      exports: [LocationsApiSettings],
    };
  }
}
