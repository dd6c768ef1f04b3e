import 'reflect-metadata';

/** What the README's settings table shows for one environment variable. */
export interface SettingDoc {
  description: string;
  /** Never logged nor printed (tokens, passwords). */
  secret?: boolean;
}

const SETTINGS_KEY = Symbol('settings');

/** Documents an environment variable of a settings class (see settings-table generator). */
export function Setting(doc: SettingDoc): PropertyDecorator {
  return (target, property) => {
    const docs: Map<string, SettingDoc> = Reflect.getMetadata(SETTINGS_KEY, target) ?? new Map();
    Reflect.defineMetadata(SETTINGS_KEY, new Map(docs).set(String(property), doc), target);
  };
}

export function settingDocs(settingsClass: new () => object): Map<string, SettingDoc> {
  return Reflect.getMetadata(SETTINGS_KEY, settingsClass.prototype) ?? new Map();
}
