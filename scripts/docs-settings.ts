import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeWithSettings } from './app-settings';

// Run compiled, from dist/scripts/ (npm run docs:settings).
const README = join(__dirname, '..', '..', 'README.md');

const readme = readFileSync(README, 'utf8');
const updated = readmeWithSettings(readme);
if (updated !== readme) writeFileSync(README, updated);
console.log(updated === readme ? 'README.md settings are up to date' : 'README.md settings rewritten');
