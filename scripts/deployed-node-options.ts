import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

type Container = { env?: { name: string; value?: string }[] };

/**
 * The NODE_OPTIONS an app runs with, as its Kubernetes base manifest sets them
 * ('' when it sets none): the one place the heap bounds are written, which the
 * benchmark measures with and compose and the local pipeline repeat.
 */
export function deployedNodeOptions(repoRoot: string, app: string): string {
  const manifest = readFileSync(resolve(repoRoot, 'deploy', 'k8s', 'base', `${app}.yaml`), 'utf8');
  const deployment = parseAllDocuments(manifest)
    .map((document) => document.toJS() as { kind?: string; spec?: { template?: { spec?: { containers?: Container[] } } } })
    .find((object) => object.kind === 'Deployment');
  const env = deployment?.spec?.template?.spec?.containers?.[0]?.env ?? [];
  return env.find((variable) => variable.name === 'NODE_OPTIONS')?.value ?? '';
}
