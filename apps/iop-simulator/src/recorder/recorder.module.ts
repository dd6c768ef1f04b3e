import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { RequestRecorderService } from './request-recorder.service';

@Module({
  controllers: [AdminController],
  providers: [RequestRecorderService],
  exports: [RequestRecorderService],
})
export class RecorderModule {}
