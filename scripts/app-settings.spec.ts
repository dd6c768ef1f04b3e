import { settingsTable } from '@app/platform';
import { APP_SETTINGS } from './app-settings';

describe('app settings', () => {
  it("declare the CPO's OCPI identity once: every app that has it reads, checks and documents it alike", () => {
    const rows = (name: string) =>
      APP_SETTINGS.map(({ settingsClass }) =>
        settingsTable(settingsClass)
          .split('\n')
          .find((line) => line.startsWith(`| \`${name}\` |`)),
      ).filter((row) => row !== undefined);
    for (const name of ['CPO_COUNTRY_CODE', 'CPO_PARTY_ID']) {
      expect(rows(name)).toHaveLength(3);
      expect(new Set(rows(name)).size).toBe(1);
    }
  });
});
