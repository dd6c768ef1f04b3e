import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One endpoint of the IOP's version details (2.2.1 adds the role). */
export interface IopEndpoint {
  identifier: string;
  role?: 'SENDER' | 'RECEIVER';
  url: string;
}

/** A party the IOP declared in its credentials (2.2.1 roles; 2.1.1 gives a single party without a role). */
export interface IopParty {
  role?: string;
  country_code: string;
  party_id: string;
  business_details?: { name: string; website?: string | null; logo?: unknown };
}

/**
 * The IOP's registration with us (the OCPI credentials handshake), written by
 * locations-api's credentials module. There is one IOP, so at most one row
 * (id is always 1). Token B is the IOP's token we send when calling it, so it is
 * kept as is and never logged; token C is ours to verify, so only its hash is kept.
 */
@Entity('iop_registration')
export class IopRegistrationEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id!: number;

  @Column({ type: 'text' })
  version!: '2.1.1' | '2.2.1';

  @Column({ type: 'text' })
  versions_url!: string;

  @Column({ type: 'jsonb' })
  endpoints!: IopEndpoint[];

  @Column({ type: 'text' })
  token_b!: string;

  @Column({ type: 'text' })
  token_c_hash!: string;

  @Column({ type: 'text' })
  country_code!: string;

  @Column({ type: 'text' })
  party_id!: string;

  @Column({ type: 'jsonb' })
  parties!: IopParty[];

  @Column({ type: 'timestamptz' })
  registered_at!: Date;

  @Column({ type: 'timestamptz' })
  updated_at!: Date;
}
