import { replaceSettingsSection, settingsSection, type AppSettings } from '@app/platform';
import { ChargerEventsSettings } from '../apps/charger-events/src/charger-events.settings';
import { GirevePushSettings } from '../apps/gireve-push/src/gireve-push.settings';
import { IopSimulatorSettings } from '../apps/iop-simulator/src/iop-simulator.settings';
import { LocationsApiSettings } from '../apps/locations-api/src/locations-api.settings';

/** Every app and its settings class: the one list the README's settings tables are generated from. */
export const APP_SETTINGS: AppSettings[] = [
  { app: 'charger-events', settingsClass: ChargerEventsSettings },
  { app: 'gireve-push', settingsClass: GirevePushSettings },
  { app: 'locations-api', settingsClass: LocationsApiSettings },
  { app: 'iop-simulator', settingsClass: IopSimulatorSettings },
];

/** The README with its settings block regenerated from APP_SETTINGS. */
export function readmeWithSettings(readme: string): string {
  return replaceSettingsSection(readme, settingsSection(APP_SETTINGS));
}
