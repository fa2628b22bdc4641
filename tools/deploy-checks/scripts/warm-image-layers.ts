// Fills the image layer cache with the install layers of deploy/docker/Dockerfile (npm ci, npm
// prune): every stage that copies in no source directory and nothing from another stage, so
// depends on the lockfile alone. CI runs it in the background while the linters and the
// type-check, single-threaded, leave a core idle; the Dockerfile test then finds the layers
// cached. With them cached already it only checks that they are (a second). A failure here fails
// nothing: the test runs the same steps and reports it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DockerIgnore } from '../src/dockerfile/dockerignore';
import { ImageBuilder } from '../src/dockerfile/image-builder';
import { LayerCache } from '../src/dockerfile/layer-cache';
import { readDockerfile, type Stage } from '../src/dockerfile/parse';
import { chainOf } from '../src/dockerfile/targets';

const ROOT = resolve(import.meta.dirname, '../../..');
const dockerfile = readDockerfile(join(ROOT, 'deploy/docker/Dockerfile'));

/** Copies only files from the build context, along its whole chain of stages. */
const lockfileOnly = (stage: Stage) =>
  chainOf(dockerfile, stage.name)
    .flatMap((s) => s.instructions)
    .filter((instruction) => instruction.keyword === 'COPY')
    .every(
      (copy) =>
        copy.flags['from'] === undefined &&
        copy.args
          .split(/\s+/)
          .slice(0, -1)
          .every((source) => statSync(join(ROOT, source)).isFile()),
    );

const layerCache = LayerCache.fromEnv();
if (!layerCache) {
  console.log('image layers: ACS_IMAGE_LAYER_CACHE=off, nothing to fill');
  process.exit(0);
}
const workDir = mkdtempSync(join(tmpdir(), 'acs-image-warm-'));
const started = Date.now();
try {
  const builder = new ImageBuilder({
    dockerfile,
    context: ROOT,
    ignore: DockerIgnore.read(join(ROOT, '.dockerignore')),
    workDir,
    layerCache,
  });
  const stages = dockerfile.stages.filter(lockfileOnly).map((stage) => stage.name);
  for (const stage of stages) await builder.prepare(stage);
  const steps = builder.steps.map((s) => `${s.stage} line ${s.line} ${s.outcome} ${s.seconds} s`);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`image layers (${stages.join(', ')}) ready in ${seconds} s: ${steps.join('; ')}`);
} catch (error) {
  console.error(`image layers not cached (the Dockerfile test will say why): ${String(error)}`);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
