import { Module } from '@nestjs/common';
import { LocationStoreModule } from '../location-store/location-store.module';
import { LocationsController } from './locations.controller';
import { LocationsService } from './locations.service';

@Module({
  imports: [LocationStoreModule],
  controllers: [LocationsController],
  providers: [LocationsService],
})
export class LocationsModule {}
