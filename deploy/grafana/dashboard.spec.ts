import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Every metric name the apps declare (the *_METRICS constants in their metrics files). */
function declaredMetrics(): Set<string> {
  const names = new Set<string>();
  for (const app of readdirSync(join(ROOT, 'apps'))) {
    const dir = join(ROOT, 'apps', app, 'src', 'metrics');
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((file) => file.endsWith('-metrics.ts'));
    } catch {
      continue;
    }
    for (const file of files) for (const [, name] of readFileSync(join(dir, file), 'utf8').matchAll(/: '([a-z_]+)'/g)) names.add(name!);
  }
  return names;
}

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(__dirname, 'gireve-connector.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };

  it('queries only metrics the apps expose, so it cannot drift silently', () => {
    const declared = declaredMetrics();
    expect(declared.size).toBeGreaterThan(10);
    const used = dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => [...target.expr.matchAll(/\b((?:gireve_push|charger_events|locations_api)_[a-z_]+)/g)].map((m) => m[1]!)));
    const unknown = used.map((name) => name.replace(/_(bucket|count|sum)$/, '')).filter((name) => !declared.has(name));
    expect(unknown).toEqual([]);
  });

  it('covers push latency, outcomes, retries, parked objects, store-and-forward, lag, ingest and pulls', () => {
    const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)).join('\n');
    for (const metric of [
      'gireve_push_latency_seconds',
      'gireve_push_requests_total',
      'gireve_push_retries_total',
      'gireve_push_parked_objects',
      'gireve_push_pending_updates',
      'gireve_push_oldest_pending_age_seconds',
      'gireve_push_consumer_lag',
      'charger_events_accepted_total',
      'charger_events_rejected_total',
      'locations_api_pull_duration_seconds',
    ]) {
      expect(exprs).toContain(metric);
    }
  });
});
