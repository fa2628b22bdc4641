import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@acs/testing';
import { prometheusBinary } from './prometheus';

/** One scrape target: the labels a Kubernetes ServiceMonitor would give it. */
export interface ScrapeTarget {
  /** acs-gateway, acs-inventory, ...: the chart relabels each ServiceMonitor's job so. */
  job: string;
  /** host:port of the ops server. */
  address: string;
  namespace: string;
  pod: string;
}

export interface PrometheusServer {
  readonly url: string;
  /** Instant query; rejects on an API error. */
  query(expr: string): Promise<InstantVector>;
  /** Values of a label across the series `match` selects (Grafana's label_values). */
  labelValues(label: string, match: string): Promise<string[]>;
  rules(): Promise<RuleGroup[]>;
  output(): string;
  stop(): Promise<void>;
}

export type InstantVector = { metric: Record<string, string>; value: [number, string] }[];

export interface RuleGroup {
  name: string;
  rules: { name: string; query: string; health: string; lastError?: string; type: string }[];
}

interface ApiAnswer<T> {
  status: 'success' | 'error';
  data: T;
  error?: string;
}

/**
 * A real Prometheus (built from the Go module proxy) scraping the given targets every
 * `scrapeInterval`, with the rule files loaded and evaluated as often.
 */
export async function startPrometheus(options: {
  targets: ScrapeTarget[];
  ruleFiles: string[];
  scrapeInterval: string;
}): Promise<PrometheusServer> {
  const [binary, port, dir] = await Promise.all([
    prometheusBinary(),
    freePort(),
    mkdtemp(join(tmpdir(), 'check-prometheus-')),
  ]);
  const config = {
    global: {
      scrape_interval: options.scrapeInterval,
      scrape_timeout: options.scrapeInterval,
      evaluation_interval: options.scrapeInterval,
    },
    rule_files: options.ruleFiles,
    scrape_configs: options.targets.map((target) => ({
      job_name: `${target.job}-${target.pod}`,
      static_configs: [{ targets: [target.address] }],
      // As the Prometheus operator labels a ServiceMonitor's targets (and the chart its job).
      relabel_configs: [
        { target_label: 'job', replacement: target.job },
        { target_label: 'namespace', replacement: target.namespace },
        { target_label: 'pod', replacement: target.pod },
      ],
    })),
  };
  // JSON is YAML: no YAML writer needed.
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited before it was ready:\n${output}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready in 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const api = async <T>(path: string, params: Record<string, string>): Promise<T> => {
    const response = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`);
    const answer = (await response.json()) as ApiAnswer<T>;
    if (answer.status !== 'success')
      throw new Error(`${path} ${JSON.stringify(params)}: ${answer.error ?? response.status}`);
    return answer.data;
  };
  return {
    url,
    query: async (expr) => (await api<{ result: InstantVector }>('query', { query: expr })).result,
    labelValues: (label, match) => api<string[]>(`label/${label}/values`, { 'match[]': match }),
    rules: async () => (await api<{ groups: RuleGroup[] }>('rules', {})).groups,
    output: () => output,
    stop,
  };
}
