import { BaseSettings } from './common-settings';
import { WithCpoParty } from './cpo-party-settings';
import { InvalidSettingsError, loadSettings } from './load-settings';

class AppSettings extends WithCpoParty(BaseSettings) {}

describe(WithCpoParty.name, () => {
  it("reads the CPO's country code and party id from CPO_COUNTRY_CODE and CPO_PARTY_ID", () => {
    expect(loadSettings(AppSettings, { CPO_COUNTRY_CODE: 'BE', CPO_PARTY_ID: 'X1Z' })).toMatchObject({ CPO_COUNTRY_CODE: 'BE', CPO_PARTY_ID: 'X1Z' });
  });

  it('refuses what OCPI cannot carry', () => {
    expect(() => loadSettings(AppSettings, { CPO_COUNTRY_CODE: 'FRA', CPO_PARTY_ID: 'ab' })).toThrow(InvalidSettingsError);
  });
});
