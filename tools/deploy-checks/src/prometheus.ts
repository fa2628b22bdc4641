import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { goToolBinary } from '@acs/testing';

const execFileAsync = promisify(execFile);

/**
 * Prometheus and promtool have a Go module of their own: their dependency graph (cloud SDKs,
 * their own k8s.io versions) must not move the chart checker's k8s.io/api pins.
 */
export const PROMETHEUS_GO_MODULE = resolve(import.meta.dirname, '../prometheus-go');

export const RULES_FILE = resolve(
  import.meta.dirname,
  '../../../deploy/prometheus/rules/acs-alerts.yml',
);
export const RULE_TESTS_DIR = resolve(
  import.meta.dirname,
  '../../../deploy/prometheus/rules/tests',
);

/**
 * Without the service-discovery plugins (Prometheus's own `remove_all_sd` tag): the checks scrape
 * static targets, and the cloud SDKs (AWS, Azure, GCE, ...) were most of the compile.
 */
export const PROMETHEUS_BUILD_TAGS = ['remove_all_sd'];

export function promtoolBinary(): Promise<string> {
  return goToolBinary({
    name: 'promtool',
    pkg: 'github.com/prometheus/prometheus/cmd/promtool',
    moduleDir: PROMETHEUS_GO_MODULE,
    tags: PROMETHEUS_BUILD_TAGS,
  });
}

export function prometheusBinary(): Promise<string> {
  return goToolBinary({
    name: 'prometheus',
    pkg: 'github.com/prometheus/prometheus/cmd/prometheus',
    moduleDir: PROMETHEUS_GO_MODULE,
    tags: PROMETHEUS_BUILD_TAGS,
  });
}

/** Runs promtool; resolves with its output, rejects with stdout and stderr when it fails. */
export async function promtool(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await execFileAsync(await promtoolBinary(), args, {
      maxBuffer: 16 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout}${stderr}`);
  }
}
