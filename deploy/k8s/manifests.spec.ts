import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { APP_SETTINGS } from '../../scripts/app-settings';
import { declaredMetrics, metricsIn } from '../metric-names';
import { RUNTIME_VARIABLES } from '../../scripts/deployed-runtime-env';

/** Each kind we ship, with the schema (Kubernetes 1.32 / KEDA / Prometheus Operator) it must validate against. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

const APPS = ['charger-events', 'gireve-push', 'locations-api'];

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [key: string]: any };

function render(overlay: string): K8sObject[] {
  let yaml: string;
  try {
    yaml = execFileSync('kubectl', ['kustomize', resolve(__dirname, 'overlays', overlay)], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`kubectl kustomize failed (is kubectl installed? apt-get install kubectl): ${String(error)}`, { cause: error });
  }
  return parseAllDocuments(yaml).map((document) => document.toJS() as K8sObject);
}

/** Every environment variable some app reads, plus the image's own APP_MAIN and the runtime's (NODE_OPTIONS, MALLOC_ARENA_MAX). */
const KNOWN_SETTINGS = new Set(['APP_MAIN', ...RUNTIME_VARIABLES, ...APP_SETTINGS.flatMap(({ settingsClass }) => Object.keys(new settingsClass()))]);

describe.each(['preprod', 'production'])('deploy/k8s overlay %s', (overlay) => {
  const objects = render(overlay);
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);

  it('renders only objects that validate against the Kubernetes, KEDA and Prometheus Operator schemas', () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect(Model).toBeDefined();
      expect(() => new Model!(object as never).validate()).not.toThrow();
    }
  });

  it('gives every Deployment liveness and readiness probes, resources and the image', () => {
    const deployments = ofKind('Deployment');
    expect(deployments.map((d) => d.metadata.name)).toEqual(expect.arrayContaining(['charger-events', 'gireve-push', 'locations-api']));
    for (const deployment of deployments) {
      for (const container of deployment.spec.template.spec.containers) {
        expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
        expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
        expect(container.resources?.requests?.cpu).toBeDefined();
        expect(container.resources?.limits?.memory).toBeDefined();
        expect(container.image).toMatch(/gireve-ocpi-connector/);
        expect(container.env.find((e: { name: string }) => e.name === 'APP_MAIN').value).toBe(`dist/apps/${deployment.metadata.name}/src/main.js`);
      }
    }
  });

  it('points every autoscaler, disruption budget and service at something that exists', () => {
    const deployments = new Set(ofKind('Deployment').map((d) => d.metadata.name));
    for (const hpa of ofKind('HorizontalPodAutoscaler')) expect(deployments).toContain(hpa.spec.scaleTargetRef.name);
    for (const scaled of ofKind('ScaledObject')) expect(deployments).toContain(scaled.spec.scaleTargetRef.name);
    for (const selecting of [...ofKind('PodDisruptionBudget'), ...ofKind('Service')]) {
      const name = (selecting.spec.selector.matchLabels ?? selecting.spec.selector)['app.kubernetes.io/name'];
      expect(deployments).toContain(name);
    }
    expect(
      ofKind('HorizontalPodAutoscaler')
        .map((h) => h.spec.scaleTargetRef.name)
        .sort(),
    ).toEqual(['charger-events', 'locations-api']);
  });

  it('scales gireve-push on consumer lag, never beyond the partition count', () => {
    const [scaled] = ofKind('ScaledObject');
    const config = ofKind('ConfigMap')[0]!;
    const [trigger] = scaled!.spec.triggers;
    expect(trigger).toMatchObject({ type: 'kafka', metadata: { consumerGroup: 'gireve-push', topic: 'ocpi.evse-status.v1' } });
    expect(scaled!.spec.maxReplicaCount).toBeLessThanOrEqual(Number(config.data.KAFKA_TOPIC_PARTITIONS));
  });

  it('uses only settings the apps read, and ships secrets as placeholders only', () => {
    const names = [
      ...ofKind('ConfigMap').flatMap((c) => Object.keys(c.data)),
      ...ofKind('Secret').flatMap((s) => Object.keys(s.stringData ?? s.data)),
      ...[...ofKind('Deployment'), ...ofKind('Job')].flatMap((w) =>
        [...(w.spec.template.spec.initContainers ?? []), ...w.spec.template.spec.containers].flatMap((c: { env?: { name: string }[] }) => (c.env ?? []).map((e) => e.name)),
      ),
    ];
    expect(names.filter((name) => !KNOWN_SETTINGS.has(name))).toEqual([]);
    for (const secret of ofKind('Secret')) {
      for (const [key, value] of Object.entries<string>(secret.stringData)) expect(`${key}=${value}`).toMatch(/CHANGE-ME|=0{64}$|:0{64}$/);
    }
  });

  it('runs the migrations in a job, locations-api first, and never at app start', () => {
    const [job] = ofKind('Job');
    expect(job!.spec.template.spec.initContainers[0].command).toEqual(['node', 'dist/apps/locations-api/src/migrate.js']);
    expect(job!.spec.template.spec.containers[0].command).toEqual(['node', 'dist/apps/gireve-push/src/migrate.js']);
    expect(ofKind('ConfigMap')[0]!.data.DATABASE_MIGRATE_ON_START).toBe('false');
  });

  it('scrapes every app and alerts only on metrics the apps declare', () => {
    const [monitor] = ofKind('ServiceMonitor');
    const selected = ofKind('Service').filter((service) => monitor!.spec.selector.matchExpressions[0].values.includes(service.metadata.labels?.['app.kubernetes.io/name']));
    expect(selected.map((service) => service.metadata.name).sort()).toEqual(APPS);
    for (const service of selected) expect(service.spec.ports.map((port: { name: string }) => port.name)).toContain(monitor!.spec.endpoints[0].port);
    expect(monitor!.spec.endpoints[0].path).toBe('/metrics');

    const declared = declaredMetrics();
    const rules = ofKind('PrometheusRule').flatMap((rule) => rule.spec.groups.flatMap((group: { rules: { alert: string; expr: string }[] }) => group.rules));
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'GirevePushLatencyHigh',
        'GirevePushBacklogDeep',
        'GirevePushBacklogOld',
        'GirevePushObjectsParked',
        'GirevePushCircuitOpen',
        'GirevePushConsumerLag',
        'IopRegistrationMissing',
        'ChargerEventsProducerFailing',
        'LocationsOutboxStuck',
      ]),
    );
    for (const { alert, expr } of rules) {
      expect({ alert, metrics: metricsIn(expr).length > 0 }).toEqual({ alert, metrics: true });
      expect({ alert, undeclared: metricsIn(expr).filter((metric) => !declared.has(metric)) }).toEqual({ alert, undeclared: [] });
    }
  });

  it('exposes only the OCPI API of locations-api, over TLS, at the host of OCPI_PUBLIC_URL', () => {
    const [ingress] = ofKind('Ingress');
    const host = new URL(ofKind('ConfigMap')[0]!.data.OCPI_PUBLIC_URL).host;
    expect(ingress!.spec.tls).toEqual([expect.objectContaining({ hosts: [host], secretName: expect.any(String) })]);
    const paths = ingress!.spec.rules.flatMap((rule: { host: string; http: { paths: object[] } }) => rule.http.paths.map((path) => ({ host: rule.host, ...path })));
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path).toMatchObject({ host, path: expect.stringMatching(/^\/ocpi\//), backend: { service: { name: 'locations-api' } } });
  });

  it('denies all traffic by default and opens to each app only what it needs', () => {
    const policies = ofKind('NetworkPolicy');
    const selects = (policy: K8sObject, labels: Record<string, string>) => {
      const { matchLabels = {}, matchExpressions = [] } = policy.spec.podSelector;
      return (
        Object.entries(matchLabels).every(([key, value]) => labels[key] === value) &&
        matchExpressions.every((e: { key: string; operator: string; values: string[] }) => e.operator === 'In' && e.values.includes(labels[e.key]!))
      );
    };
    const rulesOf = (labels: Record<string, string>, direction: 'ingress' | 'egress') =>
      policies.filter((policy) => selects(policy, labels)).flatMap((policy) => policy.spec[direction] ?? []) as { ports?: { port: number | string }[]; to?: { ipBlock?: object }[] }[];
    const egressPorts = (app: string) => new Set(rulesOf({ 'app.kubernetes.io/name': app }, 'egress').flatMap((rule) => (rule.ports ?? []).map((p) => p.port)));

    expect(policies.find((policy) => policy.metadata.name === 'default-deny')!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    for (const app of APPS) {
      expect([app, ...egressPorts(app)]).toEqual(expect.arrayContaining([app, 53, 9092]));
      // Every opening names its port: nothing is open on every port.
      for (const direction of ['ingress', 'egress'] as const) for (const rule of rulesOf({ 'app.kubernetes.io/name': app }, direction)) expect(rule.ports?.length).toBeGreaterThan(0);
      expect(rulesOf({ 'app.kubernetes.io/name': app }, 'ingress').length).toBeGreaterThan(0);
    }
    expect([...egressPorts('charger-events')]).not.toContain(5432);
    expect([...egressPorts('charger-events')]).not.toContain(443);
    for (const app of ['gireve-push', 'locations-api', 'gireve-connector-migrate']) expect([...egressPorts(app)]).toContain(5432);
    for (const app of ['gireve-push', 'locations-api']) expect([...egressPorts(app)]).toContain(overlay === 'preprod' ? 'http' : 443);
  });
});
