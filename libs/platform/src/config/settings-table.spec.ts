import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { BaseSettings, WithHttp } from './common-settings';
import { Setting } from './setting.decorator';
import { replaceSettingsSection, SETTINGS_END, SETTINGS_START, settingsSection, settingsTable, UndocumentedSettingsError } from './settings-table';

class ExampleSettings extends WithHttp(BaseSettings, 3999) {
  @Setting({ description: 'How many widgets | at most.' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  WIDGETS = 2;

  @Setting({ description: 'Token of the widget shop.', secret: true })
  @IsString()
  @Length(1, 64)
  WIDGET_TOKEN = 'dev-token-never-shown';

  @Setting({ description: 'Widget colour code.' })
  @Matches(/^[a-z]+$/)
  WIDGET_COLOUR = '';

  @Setting({ description: 'Widget shop.' })
  @Matches(/^shop:/, { message: 'must be a shop:<name> URI' })
  WIDGET_SHOP = 'shop:main';
}

class Undocumented extends BaseSettings {
  @IsString()
  FORGOTTEN = 'x';
}

function row(table: string, name: string): string {
  return table.split('\n').find((line) => line.startsWith(`| \`${name}\` |`)) ?? `no row for ${name}`;
}

describe(settingsTable.name, () => {
  const table = settingsTable(ExampleSettings);

  it('lists every setting, inherited ones included, with its default, what it expects and its description', () => {
    expect(row(table, 'WIDGETS')).toBe('| `WIDGETS` | `2` | integer 1 to 10 | How many widgets \\| at most. |');
    expect(row(table, 'PORT')).toBe('| `PORT` | `3999` | integer 0 to 65535 | HTTP port the app listens on. |');
    expect(row(table, 'LOG_LEVEL')).toContain('one of `fatal`, `error`, `warn`, `info`, `debug`, `trace`');
    expect(row(table, 'HOST')).toContain('| `127.0.0.1` | string |');
  });

  it('never shows the default of a secret', () => {
    expect(row(table, 'WIDGET_TOKEN')).toBe('| `WIDGET_TOKEN` | (secret) | 1 to 64 characters | Token of the widget shop. |');
    expect(table).not.toContain('dev-token-never-shown');
  });

  it('shows a pattern, or its message when one is given, and an empty default as such', () => {
    expect(row(table, 'WIDGET_COLOUR')).toBe('| `WIDGET_COLOUR` | (empty) | matches `/^[a-z]+$/` | Widget colour code. |');
    expect(row(table, 'WIDGET_SHOP')).toContain('| a shop:&lt;name&gt; URI |');
  });
});

describe(settingsSection.name, () => {
  it('gives each app a heading and a table', () => {
    const section = settingsSection([{ app: 'widgets', settingsClass: ExampleSettings }]);
    expect(section.startsWith('### widgets\n\n| Variable |')).toBe(true);
  });

  it('refuses a setting without a description, naming it', () => {
    const attempt = () => settingsSection([{ app: 'x', settingsClass: Undocumented }]);
    expect(attempt).toThrow(UndocumentedSettingsError);
    expect(attempt).toThrow('Undocumented.FORGOTTEN');
  });
});

describe(replaceSettingsSection.name, () => {
  it('replaces only what lies between the markers', () => {
    const readme = `# A\n\n${SETTINGS_START}\nold\n${SETTINGS_END}\n\n## B\n`;
    expect(replaceSettingsSection(readme, 'new')).toBe(`# A\n\n${SETTINGS_START}\nnew\n${SETTINGS_END}\n\n## B\n`);
  });

  it('fails when the markers are missing', () => {
    expect(() => replaceSettingsSection('# A\n', 'new')).toThrow(SETTINGS_START);
  });
});
