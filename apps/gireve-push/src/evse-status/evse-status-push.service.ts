import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EvseStatusEventV1, evseKey } from '@app/messaging';
import { formatOcpiDateTime } from '@app/ocpi';
import { Repository } from 'typeorm';
import { EvsePushState } from '../database/evse-push-state.entity';
import { IopClientService } from '../iop/iop-client.service';

export type PushResult = 'pushed' | 'stale' | 'unchanged';

/** Pushes an EVSE's status to the IOP, never replacing a newer status with an older one. */
@Injectable()
export class EvseStatusPushService {
  private readonly logger = new Logger(EvseStatusPushService.name);

  constructor(
    private readonly iop: IopClientService,
    @InjectRepository(EvsePushState) private readonly pushed: Repository<EvsePushState>,
  ) {}

  async push(event: EvseStatusEventV1, correlationId?: string): Promise<PushResult> {
    const key = evseKey(event);
    const eventTime = new Date(event.event_time);
    const current = await this.pushed.findOneBy({ evse_key: key });
    if (current && current.event_time >= eventTime) return 'stale';
    if (current && current.status === event.status) return 'unchanged';

    const outcome = await this.iop.patchEvse(event, { status: event.status, last_updated: formatOcpiDateTime(eventTime) }, correlationId);
    if (outcome.httpStatus < 200 || outcome.httpStatus >= 300 || outcome.ocpiStatusCode !== 1000) {
      throw new Error(`IOP refused PATCH of ${key}: HTTP ${outcome.httpStatus}, OCPI ${outcome.ocpiStatusCode ?? '-'}`);
    }
    await this.pushed.save({ evse_key: key, status: event.status, event_time: eventTime, pushed_at: new Date() });
    this.logger.debug({ evse: key, status: event.status }, 'status pushed');
    return 'pushed';
  }
}
