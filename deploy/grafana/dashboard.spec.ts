import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertRules, declaredMetrics, metricsIn } from '../metric-names';

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(__dirname, 'gireve-connector.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
  const panelMetrics = new Set(dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => metricsIn(target.expr))));

  it('queries only metrics the apps expose, so it cannot drift silently', () => {
    const declared = declaredMetrics();
    expect(declared.size).toBeGreaterThan(10);
    expect([...panelMetrics].filter((name) => !declared.has(name))).toEqual([]);
  });

  it('covers push latency, outcomes, retries, parked objects, store-and-forward, lag, ingest and pulls', () => {
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
      expect(panelMetrics).toContain(metric);
    }
  });

  it('draws every metric an alert (deploy/k8s/base/monitoring.yaml) fires on, so the on-call sees its history', () => {
    const alerts = alertRules();
    expect(alerts.length).toBeGreaterThan(5);
    const withoutPanel = alerts.flatMap(({ alert, expr }) =>
      metricsIn(expr)
        .filter((metric) => !panelMetrics.has(metric))
        .map((metric) => `${alert}: ${metric}`),
    );
    expect(withoutPanel).toEqual([]);
  });
});
