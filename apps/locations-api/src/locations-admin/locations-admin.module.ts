import { Module } from '@nestjs/common';
import { LocationStoreModule } from '../location-store/location-store.module';
import { LocationsAdminController } from './locations-admin.controller';
import { LocationsAdminService } from './locations-admin.service';

@Module({
  imports: [LocationStoreModule],
  controllers: [LocationsAdminController],
  providers: [LocationsAdminService],
  exports: [LocationsAdminService],
})
export class LocationsAdminModule {}
