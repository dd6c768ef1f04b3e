import { Module } from '@nestjs/common';
import { RecorderModule } from '../recorder/recorder.module';
import { IopTokenGuard } from './iop-token.guard';
import { LocationsReceiverController } from './locations-receiver.controller';
import { LocationsStoreService } from './locations-store.service';

@Module({
  imports: [RecorderModule],
  controllers: [LocationsReceiverController],
  providers: [LocationsStoreService, IopTokenGuard],
})
export class LocationsReceiverModule {}
