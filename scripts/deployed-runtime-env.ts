import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

type Container = { env?: { name: string; value?: string }[] };

/** Variables that tune the runtime (Node's heap, glibc's allocator) rather than the app. */
export const RUNTIME_VARIABLES = ['NODE_OPTIONS', 'MALLOC_ARENA_MAX'] as const;
export type RuntimeEnv = Partial<Record<(typeof RUNTIME_VARIABLES)[number], string>>;

/**
 * The runtime variables an app runs with, as its Kubernetes base manifest sets
 * them: the one place they are written, which the benchmark measures with and
 * compose and the local pipeline repeat.
 */
export function deployedRuntimeEnv(repoRoot: string, app: string): RuntimeEnv {
  const manifest = readFileSync(resolve(repoRoot, 'deploy', 'k8s', 'base', `${app}.yaml`), 'utf8');
  const deployment = parseAllDocuments(manifest)
    .map((document) => document.toJS() as { kind?: string; spec?: { template?: { spec?: { containers?: Container[] } } } })
    .find((object) => object.kind === 'Deployment');
  const env = deployment?.spec?.template?.spec?.containers?.[0]?.env ?? [];
  const runtime: RuntimeEnv = {};
  for (const name of RUNTIME_VARIABLES) {
    const value = env.find((variable) => variable.name === name)?.value;
    if (value !== undefined) runtime[name] = value;
  }
  return runtime;
}
