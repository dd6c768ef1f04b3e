import { Module } from '@nestjs/common';
import { ConnectorMemoryModule } from '../connector-memory/connector-memory.module';
import { EvseRegistryModule } from '../evse-registry/evse-registry.module';
import { IngestApiKeyGuard } from '../ingest-auth/ingest-api-key.guard';
import { StatusEventsController } from './status-events.controller';
import { StatusEventsService } from './status-events.service';

/** The ingest API: validate, resolve, map and publish charger status events. */
@Module({
  imports: [EvseRegistryModule, ConnectorMemoryModule],
  controllers: [StatusEventsController],
  providers: [StatusEventsService, IngestApiKeyGuard],
})
export class StatusEventsModule {}
