import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from './start-tracing';

@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  // Last of the shutdown hooks' work: spans of requests finished during the drain are still exported.
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

/** Exports the spans still buffered when the app stops (tracing itself starts before Nest: start-tracing.ts). */
@Module({ providers: [TracingShutdown] })
export class TracingModule {}
