import { Module } from '@nestjs/common';
import { IopRegistrationModule } from '@app/registration';
import { IopClientService } from './iop-client.service';
import { IopEndpointsService } from './iop-endpoints.service';

@Module({
  imports: [IopRegistrationModule],
  providers: [IopEndpointsService, IopClientService],
  exports: [IopEndpointsService, IopClientService],
})
export class IopModule {}
