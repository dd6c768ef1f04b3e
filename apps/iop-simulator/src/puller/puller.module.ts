import { Module } from '@nestjs/common';
import { PullerController } from './puller.controller';

/** The IOP's pull of the CPO's Locations, on demand. */
@Module({ controllers: [PullerController] })
export class PullerModule {}
