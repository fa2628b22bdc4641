// Whether an app's build in dist/ is current, without building: its manifest lists every source
// the build read, and a build is stale when one of them changed (or went) after it was written.
// A stat per source, a few hundred: cheap enough to check on every `npm start`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST = 'build-inputs.json';

/** True when `outDir` (e.g. dist/apps/acs) was built from the sources as they are now. */
export function buildIsFresh(root, outDir) {
  const manifest = join(root, outDir, MANIFEST);
  if (!existsSync(manifest)) return false;
  const builtAt = statSync(manifest).mtimeMs;
  const { inputs } = JSON.parse(readFileSync(manifest, 'utf8'));
  return inputs.every((input) => {
    const path = join(root, input);
    return existsSync(path) && statSync(path).mtimeMs <= builtAt;
  });
}
