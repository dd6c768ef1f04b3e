import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_SETTINGS, readmeWithSettings } from './app-settings';

const ROOT = join(__dirname, '..');

describe('README settings tables', () => {
  it('cover every app', () => {
    const apps = readdirSync(join(ROOT, 'apps')).sort();
    expect(APP_SETTINGS.map((entry) => entry.app).sort()).toEqual(apps);
  });

  it('are what the settings classes give now', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const generated = readmeWithSettings(readme);
    if (generated !== readme) {
      const line = generated.split('\n').findIndex((text, i) => text !== readme.split('\n')[i]);
      throw new Error(`README.md's settings tables are out of date (first difference at line ${line + 1}): run \`npm run docs:settings\``);
    }
  });
});
