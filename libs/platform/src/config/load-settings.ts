import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { settingDocs } from './setting.decorator';

/** Thrown at boot when settings are missing or wrong: names each one and what it expects. */
export class InvalidSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n  - ${problems.join('\n  - ')}`);
  }
}

function describe(error: ValidationError, secret: boolean): string {
  const shown = secret ? '<redacted>' : JSON.stringify(error.value);
  return `${error.property}=${shown}: ${Object.values(error.constraints ?? {}).join(', ')}`;
}

/**
 * Reads a settings class from the environment. Property initialisers are the
 * defaults; only the class's own declared settings are read.
 */
export function loadSettings<T extends object>(settingsClass: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const declared = Object.keys(new settingsClass());
  const raw = Object.fromEntries(declared.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]));
  const settings = plainToInstance(settingsClass, raw, { exposeDefaultValues: true });
  const docs = settingDocs(settingsClass);
  const errors = validateSync(settings, { forbidUnknownValues: true });
  if (errors.length > 0) throw new InvalidSettingsError(errors.map((e) => describe(e, docs.get(e.property)?.secret ?? false)));
  return settings;
}
