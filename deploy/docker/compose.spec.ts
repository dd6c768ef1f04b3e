import { hashToken } from '@app/platform';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { APP_SETTINGS } from '../../scripts/app-settings';
import { RUNTIME_VARIABLES, deployedRuntimeEnv } from '../../scripts/deployed-runtime-env';

type Service = { environment?: Record<string, string>; healthcheck?: { test: string[] }; depends_on?: Record<string, { condition: string }>; command?: string[] };

/** No Docker engine here to run it: the compose file is parsed and held to the stack's rules instead. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(resolve(__dirname, '../../docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
  const apps = APP_SETTINGS.map(({ app }) => app);
  const root = resolve(__dirname, '../..');

  it('runs Kafka, PostgreSQL, the migration step and every app, each app with a readiness healthcheck', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...apps, 'kafka', 'migrate', 'postgres'].sort());
    for (const app of apps) expect(compose.services[app]!.healthcheck?.test.join(' ')).toContain('/health/ready');
    expect(compose.services.kafka!.healthcheck).toBeDefined();
    expect(compose.services.postgres!.healthcheck).toBeDefined();
  });

  it('starts the database apps only after the migrations completed, which never run at app start', () => {
    expect(compose.services.migrate!.command!.join(' ')).toMatch(/locations-api\/src\/migrate\.js.*gireve-push\/src\/migrate\.js/);
    for (const app of ['locations-api', 'gireve-push']) {
      expect(compose.services[app]!.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(compose.services[app]!.environment?.DATABASE_MIGRATE_ON_START).toBe('false');
    }
  });

  it('starts charger-events, which has no database, on Kafka alone', () => {
    const chargerEvents = compose.services['charger-events']!;
    expect(Object.keys(chargerEvents.depends_on ?? {})).toEqual(['kafka']);
    expect(Object.keys(chargerEvents.environment ?? {}).filter((name) => name.startsWith('DATABASE_'))).toEqual([]);
  });

  it('gives each app only settings it reads, and a charger-events key that is the hash of the documented dev key', () => {
    for (const { app, settingsClass } of APP_SETTINGS) {
      const own = new Set([...RUNTIME_VARIABLES, ...Object.keys(new settingsClass())]);
      expect({ app, unread: Object.keys(compose.services[app]!.environment ?? {}).filter((name) => !own.has(name)) }).toEqual({ app, unread: [] });
    }
    expect(compose.services['charger-events']!.environment!.INGEST_API_KEYS).toBe(`dev:${hashToken('dev-ingest-key')}`);
  });

  it('runs charger-events with the runtime variables of its Kubernetes manifest (heap bounds, malloc arenas), as the local pipeline does', () => {
    const runtime = deployedRuntimeEnv(root, 'charger-events');
    expect(runtime.NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
    expect(runtime.MALLOC_ARENA_MAX).toMatch(/^\d+$/);
    const assignments = Object.entries(runtime).map(([name, value]) => `${name}="${value}"`);
    for (const [name, value] of Object.entries(runtime)) expect(compose.services['charger-events']!.environment![name]).toBe(value);
    expect(readFileSync(resolve(root, 'deploy/local/run-pipeline.sh'), 'utf8')).toContain(`start_app charger-events 3001 ${assignments.join(' ')}`);
  });
});
