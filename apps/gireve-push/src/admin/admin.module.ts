import { Module } from '@nestjs/common';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { AdminController } from './admin.controller';
import { ParkedService } from './parked.service';

@Module({
  controllers: [AdminController],
  providers: [ParkedService, AdminApiKeyGuard],
  exports: [ParkedService],
})
export class AdminModule {}
