import { BaseSettings, Setting, WithHttp } from '@app/platform';
import { IsIn, IsString, IsUrl, Length, Matches } from 'class-validator';

export class IopSimulatorSettings extends WithHttp(BaseSettings, 3004) {
  @Setting({ description: 'Token the simulated IOP expects from the CPO (GIREVE hands it over as token B in its credentials).', secret: true })
  @IsString()
  @Length(1, 64)
  IOP_TOKEN = 'dev-iop-token-b';

  @Setting({ description: 'Base URL under which the simulator is reachable (used in its version details).' })
  @IsUrl({ require_tld: false })
  IOP_PUBLIC_URL = 'http://127.0.0.1:3004';

  @Setting({ description: 'Country code the simulated IOP presents as its own (GIREVE: FR).' })
  @Matches(/^[A-Z]{2}$/)
  IOP_COUNTRY_CODE = 'FR';

  @Setting({ description: 'Party id the simulated IOP presents as its own (GIREVE: 007 production, 107 pre-production).' })
  @Matches(/^[A-Z0-9]{3}$/)
  IOP_PARTY_ID = '007';

  @Setting({
    description:
      'A 2.2.1 versions or version details call without X-Request-ID or X-Correlation-ID, which GIREVE requires: `record` answers it and lists the problem in /admin/requests; `refuse` (the default) answers HTTP 400, OCPI 2001, as GIREVE does; `record` answers and lists the problem in /admin/requests.',
  })
  @IsIn(['record', 'refuse'])
  IOP_DISCOVERY_REQUEST_IDS: 'record' | 'refuse' = 'refuse';

  @Setting({
    description:
      'A PATCH of a Location, EVSE or connector whose Location the IOP does not hold: `refuse` answers HTTP 404, OCPI 2003 (unknown location), as GIREVE does; `accept` (the default) stores it, so tests can PATCH EVSEs without PUTting their Location first.',
  })
  @IsIn(['accept', 'refuse'])
  IOP_PATCH_UNKNOWN: 'accept' | 'refuse' = 'accept';
}
