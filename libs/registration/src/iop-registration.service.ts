import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { IopRegistrationEntity } from './iop-registration.entity';
import { IopRegistration } from './iop-registration';

/**
 * Reads the current IOP registration. Use it with
 * `imports: [TypeOrmModule.forFeature([IopRegistrationEntity])]` and
 * `providers: [IopRegistrationService]` (or import IopRegistrationModule); the
 * table is created by locations-api's migrations, so list IopRegistrationEntity
 * among the entities of the app's DataSource.
 *
 * No caching: a re-registration (new token, new endpoints) or an unregistration
 * must be seen at once; the read is a primary-key lookup.
 */
@Injectable()
export class IopRegistrationService {
  constructor(@InjectRepository(IopRegistrationEntity) private readonly registrations: Repository<IopRegistrationEntity>) {}

  /**
   * When the IOP last unregistered us (DELETE credentials), if it has not
   * registered again since: then nothing may be sent to it. Null when it is
   * registered, or never was.
   */
  async unregisteredAt(): Promise<Date | null> {
    const rows: { unregistered_at: Date }[] = await this.registrations.query(
      'SELECT u.unregistered_at FROM iop_unregistration u WHERE NOT EXISTS (SELECT 1 FROM iop_registration r WHERE r.id = 1)',
    );
    return rows[0]?.unregistered_at ?? null;
  }

  /** The IOP's registration, or null when the IOP has not registered (or has unregistered). */
  async current(): Promise<IopRegistration | null> {
    const entity = await this.registrations.findOneBy({ id: 1 });
    return entity ? new IopRegistration(entity) : null;
  }
}
