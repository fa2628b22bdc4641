import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { goToolBinary } from '@acs/testing';

const execFileAsync = promisify(execFile);

export const CHART_DIR = resolve(import.meta.dirname, '../../../helm/acs');

/** A rendered manifest as chart-check decoded it: typed, so read through a loose view. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: unknown;
  [field: string]: unknown;
}

export interface StrictRender {
  manifests: Manifest[];
  failures: string[];
}

export interface RenderOptions {
  /** Files under the chart directory, e.g. values-production.yaml. */
  valuesFiles?: string[];
  /** APIs the render should assume the cluster serves (helm template --api-versions). */
  apiVersions?: string[];
  set?: string[];
}

export function helmBinary(): Promise<string> {
  return goToolBinary({ name: 'helm', pkg: 'helm.sh/helm/v4/cmd/helm' });
}

export function chartCheckBinary(): Promise<string> {
  return goToolBinary({ name: 'chart-check', pkg: './cmd/chart-check' });
}

function valuesArgs({ valuesFiles = [], set = [] }: RenderOptions): string[] {
  return [
    ...valuesFiles.flatMap((file) => ['-f', resolve(CHART_DIR, file)]),
    ...set.flatMap((value) => ['--set', value]),
  ];
}

/** `helm lint --strict`: resolves with its output, rejects with it when the chart fails. */
export async function lintChart(options: RenderOptions = {}): Promise<string> {
  const { stdout } = await execFileAsync(await helmBinary(), [
    'lint',
    '--strict',
    CHART_DIR,
    ...valuesArgs(options),
  ]);
  return stdout;
}

/** `helm template`, then every manifest decoded strictly as the Kubernetes type it claims. */
export async function renderChart(options: RenderOptions = {}): Promise<StrictRender> {
  const { stdout: rendered } = await execFileAsync(
    await helmBinary(),
    [
      'template',
      'acs',
      CHART_DIR,
      '--namespace',
      'acs',
      ...valuesArgs(options),
      ...(options.apiVersions ?? []).flatMap((api) => ['--api-versions', api]),
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return decodeStrictly(rendered);
}

/** chart-check's verdict on YAML manifests; failures come back in the report, not as throws. */
export async function decodeStrictly(yaml: string): Promise<StrictRender> {
  const binary = await chartCheckBinary();
  const stdout = await new Promise<string>((resolveOutput, reject) => {
    const child = execFile(binary, [], { maxBuffer: 16 * 1024 * 1024 }, (error, out) => {
      // Exit 1 means "some manifest failed": the report says which.
      if (error && error.code !== 1) reject(error);
      else resolveOutput(out);
    });
    child.stdin?.end(yaml);
  });
  return JSON.parse(stdout) as StrictRender;
}
