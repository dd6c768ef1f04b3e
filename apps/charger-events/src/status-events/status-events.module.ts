import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { TopicAdminService } from '@app/messaging';
import { StatusEventsController } from './status-events.controller';
import { StatusEventsService } from './status-events.service';

@Module({
  controllers: [StatusEventsController],
  providers: [StatusEventsService],
})
export class StatusEventsModule implements OnApplicationBootstrap {
  constructor(private readonly topics: TopicAdminService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.topics.ensureTopics();
  }
}
