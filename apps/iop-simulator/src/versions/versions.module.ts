import { Module } from '@nestjs/common';
import { RecorderModule } from '../recorder/recorder.module';
import { VersionsController } from './versions.controller';

@Module({ imports: [RecorderModule], controllers: [VersionsController] })
export class VersionsModule {}
