import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IopRegistrationEntity } from './iop-registration.entity';
import { IopRegistrationService } from './iop-registration.service';

/** Provides IopRegistrationService to any app whose DataSource lists IopRegistrationEntity. */
@Module({
  imports: [TypeOrmModule.forFeature([IopRegistrationEntity])],
  providers: [IopRegistrationService],
  exports: [IopRegistrationService],
})
export class IopRegistrationModule {}
