import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { APP_SETTINGS } from '../../scripts/app-settings';
import { RUNTIME_VARIABLES } from '../../scripts/deployed-runtime-env';

/** Each kind we ship, with the schema (Kubernetes 1.32 / KEDA) it must validate against. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: any };

function render(overlay: string): K8sObject[] {
  let yaml: string;
  try {
    yaml = execFileSync('kubectl', ['kustomize', resolve(__dirname, 'overlays', overlay)], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`kubectl kustomize failed (is kubectl installed? apt-get install kubectl): ${String(error)}`);
  }
  return parseAllDocuments(yaml).map((document) => document.toJS() as K8sObject);
}

/** Every environment variable some app reads, plus the image's own APP_MAIN and the runtime's (NODE_OPTIONS, MALLOC_ARENA_MAX). */
const KNOWN_SETTINGS = new Set(['APP_MAIN', ...RUNTIME_VARIABLES, ...APP_SETTINGS.flatMap(({ settingsClass }) => Object.keys(new settingsClass()))]);

describe.each(['preprod', 'production'])('deploy/k8s overlay %s', (overlay) => {
  const objects = render(overlay);
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);

  it('renders only objects that validate against the Kubernetes and KEDA schemas', () => {
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
    expect(ofKind('HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(['charger-events', 'locations-api']);
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
});
