import { Module } from '@nestjs/common';
import { IopClientService } from './iop-client.service';
import { IopEndpointsService } from './iop-endpoints.service';

@Module({
  providers: [IopEndpointsService, IopClientService],
  exports: [IopClientService],
})
export class IopModule {}
