import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EvseRegistry } from './evse-registry';
import { EvseRegistryConsumer } from './evse-registry.consumer';

/** The in-memory registry of known EVSEs and OCPP identities, kept equal to the Locations topic. */
@Module({
  imports: [TerminusModule],
  providers: [{ provide: EvseRegistry, useValue: new EvseRegistry() }, EvseRegistryConsumer],
  exports: [EvseRegistryConsumer],
})
export class EvseRegistryModule {}
