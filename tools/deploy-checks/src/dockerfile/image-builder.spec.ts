import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerIgnore } from './dockerignore';
import { ImageBuilder } from './image-builder';
import { LayerCache } from './layer-cache';
import { parseDockerfile } from './parse';

/** Each test copies trees and runs commands: seconds on a loaded machine. */
const TIMEOUT_MS = 60_000;

describe('the Dockerfile replay', () => {
  let dir: string;
  let context: string;
  let cache: LayerCache | undefined;
  const previousCache = process.env['ACS_IMAGE_LAYER_CACHE'];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'replay-'));
    context = join(dir, 'context');
    mkdirSync(join(context, 'src', 'skipped'), { recursive: true });
    writeFileSync(join(context, 'lock.txt'), 'v1');
    writeFileSync(join(context, 'src', 'a.txt'), 'a');
    writeFileSync(join(context, 'src', 'skipped', 'b.txt'), 'b');
    process.env['ACS_IMAGE_LAYER_CACHE'] = join(dir, 'cache');
    cache = LayerCache.fromEnv();
  });

  afterEach(() => {
    if (previousCache === undefined) delete process.env['ACS_IMAGE_LAYER_CACHE'];
    else process.env['ACS_IMAGE_LAYER_CACHE'] = previousCache;
    rmSync(dir, { recursive: true, force: true });
  });

  const builder = (dockerfile: string, run: number) =>
    new ImageBuilder({
      dockerfile: parseDockerfile(dockerfile),
      context,
      ignore: new DockerIgnore('**/skipped\n'),
      workDir: join(dir, `work-${run}`),
      layerCache: cache,
    });

  const DOCKERFILE = `ARG BASE=node:24.21.0-bookworm-slim
FROM \${BASE} AS deps
WORKDIR /src
COPY lock.txt ./
RUN cat lock.txt > installed.txt && date +%s%N >> installed.txt
FROM deps AS app
COPY src src
ENV GREETING=hi
USER 1000:1000
CMD ["node", "main.js"]
`;

  it(
    'copies with .dockerignore applied, runs commands, keeps the image settings',
    async () => {
      const app = await builder(DOCKERFILE, 1).build('app');
      expect(app.baseImage).toBe('node:24.21.0-bookworm-slim');
      expect(app.config).toMatchObject({
        workdir: '/src',
        env: { GREETING: 'hi' },
        user: '1000:1000',
        cmd: ['node', 'main.js'],
      });
      expect(readFileSync(join(app.root, 'src/src/a.txt'), 'utf8')).toBe('a');
      expect(() => readFileSync(join(app.root, 'src/src/skipped/b.txt'))).toThrow();
      expect(readFileSync(join(app.root, 'src/installed.txt'), 'utf8')).toMatch(/^v1\d+/);
    },
    TIMEOUT_MS,
  );

  it(
    'reuses a RUN layer only while everything it depends on is the same',
    async () => {
      const first = builder(DOCKERFILE, 1);
      const installed = (root: string) => readFileSync(join(root, 'src/installed.txt'), 'utf8');
      const one = installed((await first.build('app')).root);
      const second = builder(DOCKERFILE, 2);
      expect(installed((await second.build('app')).root)).toBe(one);
      expect(second.steps.map((step) => step.outcome)).toEqual(['cached']);

      writeFileSync(join(context, 'lock.txt'), 'v2');
      const third = builder(DOCKERFILE, 3);
      expect(installed((await third.build('app')).root)).toMatch(/^v2/);
      expect(third.steps.map((step) => step.outcome)).toEqual(['ran']);

      const changedCommand = DOCKERFILE.replace('cat lock.txt', 'cat  lock.txt');
      const fourth = builder(changedCommand, 4);
      await fourth.build('app');
      expect(fourth.steps.map((step) => step.outcome)).toEqual(['ran']);
    },
    TIMEOUT_MS,
  );

  it(
    'fails on a command that fails, and on an instruction it does not replay',
    async () => {
      await expect(
        builder(DOCKERFILE.replace('cat lock.txt', 'cat nope.txt'), 1).build('app'),
      ).rejects.toThrow(/RUN cat nope\.txt.*\nexited 1/s);
      await expect(builder(`${DOCKERFILE}ADD src /x\n`, 2).build('app')).rejects.toThrow(
        /ADD is not replayed/,
      );
      await expect(
        builder(DOCKERFILE.replace('COPY src src', 'COPY src/skipped/b.txt ./'), 3).build('app'),
      ).rejects.toThrow(/\.dockerignore leaves it out/);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses a RUN that writes in place into a file it shares with the stage below',
    async () => {
      const appends = `${DOCKERFILE}RUN echo more >> installed.txt\n`;
      await expect(builder(appends, 1).build('app')).rejects.toThrow(/wrote in place/);
      const replaces = `${DOCKERFILE}RUN cp installed.txt copy && mv copy installed.txt\n`;
      await expect(builder(replaces, 2).build('app')).resolves.toBeDefined();
    },
    TIMEOUT_MS,
  );

  it(
    'runs a missed lockfile-only layer on a copy of its own, which may write in place',
    async () => {
      const pruned = DOCKERFILE.replace(
        'FROM deps AS app',
        'FROM deps AS pruned\nRUN echo pruned >> installed.txt\nFROM deps AS app',
      );
      const first = builder(pruned, 1);
      const deps = await first.build('deps');
      const installed = readFileSync(join(deps.root, 'src/installed.txt'), 'utf8');
      const stage = await first.build('pruned');
      expect(readFileSync(join(stage.root, 'src/installed.txt'), 'utf8')).toBe(
        `${installed}pruned\n`,
      );
      expect(readFileSync(join(deps.root, 'src/installed.txt'), 'utf8')).toBe(installed);
      const again = builder(pruned, 2);
      expect(
        readFileSync(join((await again.build('deps')).root, 'src/installed.txt'), 'utf8'),
      ).toBe(installed);
    },
    TIMEOUT_MS,
  );

  it(
    'checks the Debian packages an apt-get RUN installs instead of installing them',
    async () => {
      const apt = (packages: string) =>
        builder(
          `FROM node:24.21.0-bookworm-slim AS x\nRUN apt-get update \\\n  && apt-get install -y --no-install-recommends ${packages} \\\n  && rm -rf /var/lib/apt/lists/*\n`,
          1,
        ).build('x');
      await expect(apt('make')).resolves.toBeDefined();
      await expect(apt('make no-such-package-acs')).rejects.toThrow(/no-such-package-acs/);
    },
    TIMEOUT_MS,
  );
});
