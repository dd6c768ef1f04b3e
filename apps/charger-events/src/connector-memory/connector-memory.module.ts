import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ConnectorStatusMemory } from './connector-status-memory';
import { ConnectorMemoryConsumer } from './connector-memory.consumer';

/** The connector memory, kept equal to (and restored from) its compacted topic. */
@Module({
  imports: [TerminusModule],
  providers: [{ provide: ConnectorStatusMemory, useValue: new ConnectorStatusMemory() }, ConnectorMemoryConsumer],
  exports: [ConnectorMemoryConsumer],
})
export class ConnectorMemoryModule {}
