import type { IopEndpoint, IopParty, IopRegistrationEntity } from './iop-registration.entity';

/**
 * The IOP registration as the apps use it: which OCPI version, where the IOP's
 * modules are, and the token to call them with. The token is kept out of
 * JSON.stringify (and so out of logs).
 */
export class IopRegistration {
  readonly version: '2.1.1' | '2.2.1';
  readonly versionsUrl: string;
  readonly endpoints: readonly IopEndpoint[];
  /** The IOP's party (routing headers' OCPI-to-* in 2.2.1). */
  readonly countryCode: string;
  readonly partyId: string;
  readonly parties: readonly IopParty[];
  readonly registeredAt: Date;
  readonly updatedAt: Date;
  /** Token B: what we send in the Authorization header when calling the IOP (not enumerable, never serialised). */
  declare readonly token: string;

  constructor(entity: IopRegistrationEntity) {
    this.version = entity.version;
    this.versionsUrl = entity.versions_url;
    this.endpoints = entity.endpoints;
    this.countryCode = entity.country_code;
    this.partyId = entity.party_id;
    this.parties = entity.parties;
    this.registeredAt = entity.registered_at;
    this.updatedAt = entity.updated_at;
    Object.defineProperty(this, 'token', { value: entity.token_b, enumerable: false });
  }

  /**
   * The URL of one of the IOP's modules, or undefined when it offers none.
   * In 2.2.1 the role tells sender from receiver (we push to its RECEIVER).
   */
  endpointUrl(identifier: string, role?: 'SENDER' | 'RECEIVER'): string | undefined {
    return this.endpoints.find((e) => e.identifier === identifier && (this.version === '2.1.1' || role === undefined || e.role === role))?.url;
  }

  toJSON(): Omit<IopRegistration, 'token' | 'endpointUrl' | 'toJSON'> {
    const { version, versionsUrl, endpoints, countryCode, partyId, parties, registeredAt, updatedAt } = this;
    return { version, versionsUrl, endpoints, countryCode, partyId, parties, registeredAt, updatedAt };
  }
}
