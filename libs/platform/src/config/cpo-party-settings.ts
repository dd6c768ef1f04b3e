import { Matches } from 'class-validator';
import type { Constructor } from './common-settings';
import { Setting } from './setting.decorator';

/**
 * Adds the CPO's OCPI identity to a settings class. Declared once for every
 * app: each app reads the same environment variables, and a Location stored by
 * locations-api must carry what gireve-push and charger-events send as theirs.
 */
export function WithCpoParty<TBase extends Constructor>(Base: TBase) {
  class CpoPartySettings extends Base {
    @Setting({ description: "The CPO's OCPI country code (ISO 3166 alpha-2): the country_code of its Locations, OCPI-from-country-code in 2.2.1." })
    @Matches(/^[A-Z]{2}$/)
    CPO_COUNTRY_CODE = 'FR';

    @Setting({ description: "The CPO's OCPI party id (3 characters): the party_id of its Locations, OCPI-from-party-id in 2.2.1." })
    @Matches(/^[A-Z0-9]{3}$/)
    CPO_PARTY_ID = 'ABC';
  }
  return CpoPartySettings;
}
