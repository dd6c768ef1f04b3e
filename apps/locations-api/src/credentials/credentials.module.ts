import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IopRegistrationEntity } from '@app/registration';
import { CredentialsController } from './credentials.controller';
import { CredentialsService } from './credentials.service';
import { IopDiscoveryService } from './iop-discovery.service';

@Module({
  imports: [TypeOrmModule.forFeature([IopRegistrationEntity])],
  controllers: [CredentialsController],
  providers: [CredentialsService, IopDiscoveryService],
})
export class CredentialsModule {}
