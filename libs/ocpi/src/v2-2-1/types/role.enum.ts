/** 2.2.1 Role (types "Role enum"): a party's role in CredentialsRole. */
export enum Role {
  CPO = 'CPO',
  EMSP = 'EMSP',
  HUB = 'HUB',
  /** National Access Point. */
  NAP = 'NAP',
  /** Navigation Service Provider. */
  NSP = 'NSP',
  OTHER = 'OTHER',
  /** Smart Charging Service Provider. */
  SCSP = 'SCSP',
}
