import { getMetadataStorage } from 'class-validator';
import { settingDocs } from './setting.decorator';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** An app and the settings class it loads at start. */
export interface AppSettings {
  app: string;
  settingsClass: new () => object;
}

export const SETTINGS_START = '<!-- settings:start -->';
export const SETTINGS_END = '<!-- settings:end -->';

/** Thrown when a setting has no @Setting description: nothing reaches the README undocumented. */
export class UndocumentedSettingsError extends Error {
  constructor(readonly settings: string[]) {
    super(`Settings without a @Setting({ description }): ${settings.join(', ')}`);
  }
}

/** A `### <app>` heading and table per app, in the given order. */
export function settingsSection(apps: AppSettings[]): string {
  const undocumented = apps.flatMap(({ settingsClass }) =>
    settingNames(settingsClass)
      .filter((name) => !settingDocs(settingsClass).get(name)?.description?.trim())
      .map((name) => `${settingsClass.name}.${name}`),
  );
  if (undocumented.length > 0) throw new UndocumentedSettingsError(undocumented);
  return apps.map(({ app, settingsClass }) => `### ${app}\n\n${settingsTable(settingsClass)}`).join('\n\n');
}

/** The markdown table of one settings class: variable, default, what is expected, description. */
export function settingsTable(settingsClass: new () => object): string {
  const defaults = new settingsClass() as Record<string, unknown>;
  const docs = settingDocs(settingsClass);
  const rules = getMetadataStorage().getTargetValidationMetadatas(settingsClass, '', false, false);
  const rows = settingNames(settingsClass).map((name) => {
    const doc = docs.get(name);
    const shownDefault = doc?.secret ? '(secret)' : formatDefault(defaults[name]);
    const expected = expectation(rules.filter((rule) => rule.propertyName === name));
    return `| \`${name}\` | ${cell(shownDefault)} | ${cell(expected)} | ${cell(doc?.description ?? '')} |`;
  });
  return ['| Variable | Default | Expected | Description |', '|---|---|---|---|', ...rows].join('\n');
}

/** Replaces what lies between the settings markers of a README with `section`. */
export function replaceSettingsSection(readme: string, section: string): string {
  const start = readme.indexOf(SETTINGS_START);
  const end = readme.indexOf(SETTINGS_END);
  if (start < 0 || end < start) throw new Error(`README has no ${SETTINGS_START} ... ${SETTINGS_END} block`);
  return `${readme.slice(0, start + SETTINGS_START.length)}\n${section}\n${readme.slice(end)}`;
}

/** Declared settings (what loadSettings reads) plus any documented one, in declaration order. */
function settingNames(settingsClass: new () => object): string[] {
  return [...new Set([...Object.keys(new settingsClass()), ...settingDocs(settingsClass).keys()])];
}

function formatDefault(value: unknown): string {
  if (value === undefined) return '(none)';
  if (value === '') return '(empty)';
  return `\`${String(value)}\``;
}

/** What class-validator accepts, in words; unknown rules are named as they are. */
function expectation(rules: ValidationMetadata[]): string {
  const byName = new Map(rules.map((rule) => [rule.name ?? rule.type, rule]));
  const min = byName.get('min')?.constraints[0] as number | undefined;
  const max = byName.get('max')?.constraints[0] as number | undefined;
  const parts: string[] = [];
  for (const [name, rule] of byName) {
    const custom = typeof rule.message === 'string' ? escapeHtml(rule.message.replace(/^must be /, '')) : undefined;
    switch (name) {
      case 'isInt':
      case 'isNumber':
        parts.push([name === 'isInt' ? 'integer' : 'number', range(min, max)].filter(Boolean).join(' '));
        break;
      case 'min':
      case 'max':
        if (!byName.has('isInt') && !byName.has('isNumber')) parts.push(range(min, max));
        break;
      case 'isIn':
        parts.push(`one of ${(rule.constraints[0] as unknown[]).map((value) => `\`${String(value)}\``).join(', ')}`);
        break;
      case 'matches':
        parts.push(custom ?? `matches \`${String(rule.constraints[0])}\``);
        break;
      case 'isLength':
        parts.push(`${rule.constraints[0]} to ${rule.constraints[1]} characters`);
        break;
      case 'isUrl':
        parts.push('URL');
        break;
      case 'isString':
        break;
      default:
        parts.push(custom ?? name);
    }
  }
  if (parts.length === 0 && byName.has('isString')) parts.push('string');
  return [...new Set(parts)].join('; ');
}

function range(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${min} to ${max}`;
  if (min !== undefined) return `≥ ${min}`;
  return max !== undefined ? `≤ ${max}` : '';
}

/** Messages are plain text; `<source>` would otherwise vanish as an HTML tag. */
function escapeHtml(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Table cells cannot hold pipes or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
