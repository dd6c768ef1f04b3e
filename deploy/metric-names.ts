import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = resolve(__dirname, '..');

/** Every metric name the apps declare (the *_METRICS constants in apps/<app>/src/metrics/*-metrics.ts). */
export function declaredMetrics(): Set<string> {
  const names = new Set<string>();
  for (const app of readdirSync(join(ROOT, 'apps'))) {
    const dir = join(ROOT, 'apps', app, 'src', 'metrics');
    let files: string[];
    try {
      files = readdirSync(dir).filter((file) => file.endsWith('-metrics.ts'));
    } catch {
      continue;
    }
    for (const file of files) for (const [, name] of readFileSync(join(dir, file), 'utf8').matchAll(/: '([a-z_]+)'/g)) names.add(name!);
  }
  return names;
}

/** The apps' metrics a PromQL expression reads, histogram series (_bucket, _count, _sum) under their metric's name. */
export function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b((?:gireve_push|charger_events|locations_api)_[a-z_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, ''));
}

export interface AlertRule {
  alert: string;
  expr: string;
}

/** The alerts of the PrometheusRule in deploy/k8s/base/monitoring.yaml. */
export function alertRules(): AlertRule[] {
  const documents = parseAllDocuments(readFileSync(join(ROOT, 'deploy/k8s/base/monitoring.yaml'), 'utf8')).map((document) => document.toJS());
  const rule = documents.find((document) => document.kind === 'PrometheusRule');
  return rule.spec.groups.flatMap((group: { rules: AlertRule[] }) => group.rules);
}
