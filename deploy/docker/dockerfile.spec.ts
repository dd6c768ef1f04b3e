import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** No Docker engine here to build it: the Dockerfile and .dockerignore are read and held to the image's rules. */
describe('deploy/docker/Dockerfile', () => {
  const root = resolve(__dirname, '../..');
  const dockerfile = readFileSync(resolve(__dirname, 'Dockerfile'), 'utf8');
  const packageJson = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

  it('builds on the exact Node release the tests run on, in every stage', () => {
    const image = /^ARG NODE_IMAGE=node:(\S+?)-bookworm-slim(@sha256:[0-9a-f]{64})?$/m.exec(dockerfile);
    expect(image?.[1]).toBe(packageJson.devDependencies.node);
    const stages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(stages).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}']);
  });

  it('installs exactly the lock file', () => {
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).not.toMatch(/npm install/);
  });

  it('keeps local installs, caches, history and builds out of the build context', () => {
    const ignored = readFileSync(resolve(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.cache', '.git', 'dist']));
  });
});
