import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EvsePushState } from '../database/evse-push-state.entity';
import { IopModule } from '../iop/iop.module';
import { EvseStatusPushService } from './evse-status-push.service';
import { EvseStatusConsumer } from './evse-status.consumer';

@Module({
  imports: [TypeOrmModule.forFeature([EvsePushState]), IopModule],
  providers: [EvseStatusPushService, EvseStatusConsumer],
})
export class EvseStatusModule {}
