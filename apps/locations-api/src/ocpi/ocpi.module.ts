import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IopRegistrationEntity } from '@app/registration';
import { OcpiAuthGuard } from './ocpi-auth.guard';
import { OcpiTokensService } from './ocpi-tokens.service';
import { RoutingHeadersInterceptor } from './routing-headers.interceptor';

/** The OCPI transport shared by the modules the IOP calls: credentials tokens, auth guard, 2.2.1 routing headers. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([IopRegistrationEntity])],
  providers: [OcpiTokensService, OcpiAuthGuard, RoutingHeadersInterceptor],
  exports: [OcpiTokensService, OcpiAuthGuard, RoutingHeadersInterceptor],
})
export class OcpiModule {}
