import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CHART_DIR,
  decodeStrictly,
  lintChart,
  renderChart,
  type Manifest,
  type StrictRender,
} from './helm';

interface Container {
  name: string;
  startupProbe?: unknown;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  resources?: { limits?: { cpu?: string; memory?: string } };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }[];
  lifecycle?: { preStop?: { exec?: { command?: string[] } } };
  ports?: { name: string; containerPort: number }[];
  volumeMounts?: unknown[];
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  terminationGracePeriodSeconds?: number;
  containers: Container[];
  volumes?: unknown[];
}
interface DeploymentSpec {
  selector: { matchLabels: Record<string, string> };
  template: { spec: PodSpec };
}
interface HpaSpec {
  scaleTargetRef: { kind: string; name: string };
  metrics: { type: string; pods?: { metric: { name: string } } }[];
}
interface ServiceMonitorSpec {
  endpoints: { relabelings?: { action?: string; targetLabel?: string; replacement?: string }[] }[];
}
interface PrometheusRuleSpec {
  groups: { name: string; rules: { alert?: string; expr: string }[] }[];
}
interface SelectorSpec {
  selector?: { matchLabels: Record<string, string> };
  podSelector?: { matchLabels: Record<string, string> };
}

const MONITORING_APIS = [
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
  'custom.metrics.k8s.io/v1beta1',
];
const COMPONENTS = ['gateway', 'provisioning', 'inventory', 'firmware'];

const ofKind = (render: StrictRender, kind: string) =>
  render.manifests.filter((manifest) => manifest.kind === kind);
const component = (manifest: Manifest) => manifest.metadata.labels?.['app.kubernetes.io/component'];
const deploymentSpec = (manifest: Manifest) => manifest.spec as DeploymentSpec;
/** The environment of a component's container, by variable name. */
const envOf = (render: StrictRender, name: string) => {
  const deployment = ofKind(render, 'Deployment').find((d) => component(d) === name);
  const container = deployment && deploymentSpec(deployment).template.spec.containers[0];
  return new Map((container?.env ?? []).map((variable) => [variable.name, variable]));
};

function selects(selector: Record<string, string> | undefined, deployment: Manifest): boolean {
  const labels = deploymentSpec(deployment).selector.matchLabels;
  return (
    selector !== undefined &&
    Object.entries(selector).every(([key, value]) => labels[key] === value)
  );
}

describe('the Helm chart (helm/acs)', () => {
  let defaults: StrictRender;
  let production: StrictRender;

  beforeAll(async () => {
    // The first run builds helm and chart-check from the Go module proxy (minutes); then cached.
    defaults = await renderChart();
    production = await renderChart({
      valuesFiles: ['values-production.yaml'],
      apiVersions: MONITORING_APIS,
    });
  }, 900_000);

  it('passes helm lint --strict with the default and the production values', async () => {
    await expect(lintChart()).resolves.toMatch(/0 chart\(s\) failed/);
    await expect(lintChart({ valuesFiles: ['values-production.yaml'] })).resolves.toMatch(
      /0 chart\(s\) failed/,
    );
    // Two helm runs: over Jest's 5 s default on a loaded machine.
  }, 60_000);

  it('refuses values the schema does not know, and a malformed broker list', async () => {
    await expect(lintChart({ set: ['gateway.replicas=3'] })).rejects.toThrow(/replicas/);
    await expect(lintChart({ set: ['kafka.brokers=not a broker list'] })).rejects.toThrow(
      /brokers/,
    );
    // An origin, not a URL with a path: download URLs are built on it.
    await expect(
      lintChart({ set: ['firmware.publicUrl=http://files.example.net/firmware'] }),
    ).rejects.toThrow(/publicUrl/);
  });

  it('renders only manifests that decode strictly as their Kubernetes types', () => {
    for (const render of [defaults, production]) {
      expect(render.failures).toEqual([]);
      expect(ofKind(render, 'Deployment').map(component).sort()).toEqual([...COMPONENTS].sort());
    }
  });

  it('has a strict decoder that rejects an unknown field', async () => {
    const verdict = await decodeStrictly(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  prots: []\n',
    );
    expect(verdict.manifests).toEqual([]);
    expect(verdict.failures.join()).toMatch(/unknown field "spec.prots"/);
  });

  it('gives every container probes, CPU and memory limits, and no root or privilege', () => {
    for (const render of [defaults, production]) {
      for (const deployment of ofKind(render, 'Deployment')) {
        const pod = deploymentSpec(deployment).template.spec;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
        expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
        for (const container of pod.containers) {
          expect(container.startupProbe).toBeDefined();
          expect(container.livenessProbe).toBeDefined();
          expect(container.readinessProbe).toBeDefined();
          expect(container.resources?.limits).toEqual({
            cpu: expect.any(String),
            memory: expect.any(String),
          });
          expect(container.securityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
        }
      }
    }
  });

  it('lets the gateway drain: grace period longer than the drain plus the preStop pause', () => {
    for (const render of [defaults, production]) {
      const gateway = ofKind(render, 'Deployment').find((d) => component(d) === 'gateway');
      const pod = deploymentSpec(gateway as Manifest).template.spec;
      const container = pod.containers[0] as Container;
      const drainMs = Number(container.env?.find((e) => e.name === 'CWMP_DRAIN_GRACE_MS')?.value);
      const pause = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
      expect(drainMs).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drainMs / 1000 + pause);
    }
  });

  it('signs firmware URLs with one key that firmware and provisioning share, kept in a Secret', () => {
    const secretRef = { secretKeyRef: { name: 'acs-firmware', key: 'grant-secret' } };
    for (const render of [defaults, production]) {
      const firmware = envOf(render, 'firmware');
      const provisioning = envOf(render, 'provisioning');
      expect(firmware.get('FIRMWARE_GRANT_SECRET')?.valueFrom).toEqual(secretRef);
      expect(provisioning.get('FIRMWARE_GRANT_SECRET')?.valueFrom).toEqual(secretRef);
      // Rotation: the previous key, when the Secret has one.
      const previousRef = {
        secretKeyRef: { name: 'acs-firmware', key: 'grant-secret-previous', optional: true },
      };
      expect(firmware.get('FIRMWARE_GRANT_SECRET_PREVIOUS')?.valueFrom).toEqual(previousRef);
      expect(provisioning.get('FIRMWARE_GRANT_SECRET_PREVIOUS')?.valueFrom).toEqual(previousRef);
      const origin = firmware.get('FIRMWARE_FILE_URL')?.value;
      expect(origin).toMatch(/^http:\/\/[\w.-]+:7567$/);
      expect(provisioning.get('FIRMWARE_FILE_URL')?.value).toBe(origin);
    }
    // The defaults make the Secret with a random key; production names an existing one.
    const secrets = (render: StrictRender) =>
      ofKind(render, 'Secret').filter((secret) => component(secret) === 'firmware');
    const [generated, ...others] = secrets(defaults);
    expect(others).toEqual([]);
    expect(generated?.metadata.name).toBe('acs-firmware');
    const key = Buffer.from(
      (generated?.['data'] as Record<string, string>)['grant-secret'] ?? '',
      'base64',
    );
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(secrets(production)).toEqual([]);
  });

  it('publishes the file server to CPEs on its own Service, the ops port apart', () => {
    for (const render of [defaults, production]) {
      const services = ofKind(render, 'Service').filter((svc) => component(svc) === 'firmware');
      const portsOf = (svc: Manifest) =>
        (svc.spec as { ports: { name: string; targetPort: string }[] }).ports.map(
          (port) => `${port.name}->${port.targetPort}`,
        );
      expect(Object.fromEntries(services.map((svc) => [svc.metadata.name, portsOf(svc)]))).toEqual({
        'acs-firmware': ['files->files'],
        'acs-firmware-ops': ['ops->ops'],
      });
      // The container's port named files is the one the file server listens on.
      const deployment = ofKind(render, 'Deployment').find((d) => component(d) === 'firmware');
      const container = deploymentSpec(deployment as Manifest).template.spec.containers[0];
      const files = container?.ports?.find((port) => port.name === 'files');
      expect(String(files?.containerPort)).toBe(
        envOf(render, 'firmware').get('FIRMWARE_FILE_PORT')?.value,
      );
    }
  });

  it('serves the operator API over HTTPS from a TLS Secret, or plain HTTP only by an explicit opt-in', async () => {
    const plain = envOf(defaults, 'provisioning');
    expect(plain.get('NBI_ALLOW_PLAIN_HTTP')?.value).toBe('true');
    expect(plain.has('NBI_TLS_CERT_FILE')).toBe(false);
    const tls = envOf(production, 'provisioning');
    expect(tls.has('NBI_ALLOW_PLAIN_HTTP')).toBe(false);
    expect(tls.get('NBI_TLS_CERT_FILE')?.value).toBe('/etc/acs/nbi-tls/tls.crt');
    expect(tls.get('NBI_TLS_KEY_FILE')?.value).toBe('/etc/acs/nbi-tls/tls.key');
    const deployment = ofKind(production, 'Deployment').find(
      (d) => component(d) === 'provisioning',
    );
    const pod = deploymentSpec(deployment as Manifest).template.spec;
    // A whole-Secret mount (no subPath): Kubernetes swaps renewed files in, and the API reloads them.
    expect(pod.volumes).toContainEqual({ name: 'nbi-tls', secret: { secretName: 'acs-nbi-tls' } });
    expect(pod.containers[0]?.volumeMounts).toContainEqual({
      name: 'nbi-tls',
      mountPath: '/etc/acs/nbi-tls',
      readOnly: true,
    });
    await expect(renderChart({ set: ['provisioning.nbiAllowPlainHttp=false'] })).rejects.toThrow(
      /nbiTls.existingSecret \(HTTPS\) or nbiAllowPlainHttp/,
    );
  }, 60_000);

  it('leaves firmware out when disabled: no objects, and provisioning without its variables', async () => {
    const render = await renderChart({ set: ['firmware.enabled=false'] });
    expect(render.failures).toEqual([]);
    expect(render.manifests.filter((manifest) => component(manifest) === 'firmware')).toEqual([]);
    const provisioning = [...envOf(render, 'provisioning').keys()];
    expect(provisioning.filter((name) => name.startsWith('FIRMWARE_'))).toEqual([]);
    expect(provisioning).toContain('MONGODB_URI');
  }, 60_000);

  it('makes a PDB for each component that runs more than one replica, and none otherwise', () => {
    expect(ofKind(defaults, 'PodDisruptionBudget').map(component)).toEqual(['gateway']);
    expect(ofKind(production, 'PodDisruptionBudget').map(component).sort()).toEqual(
      [...COMPONENTS].sort(),
    );
    for (const pdb of ofKind(production, 'PodDisruptionBudget')) {
      const target = ofKind(production, 'Deployment').find((d) => component(d) === component(pdb));
      expect(selects((pdb.spec as SelectorSpec).selector?.matchLabels, target as Manifest)).toBe(
        true,
      );
    }
  });

  it('points each HPA at its own Deployment, the gateway also on sessions in flight', () => {
    const deployments = new Map(ofKind(production, 'Deployment').map((d) => [component(d), d]));
    const hpas = ofKind(production, 'HorizontalPodAutoscaler');
    expect(hpas.map(component).sort()).toEqual([...COMPONENTS].sort());
    for (const hpa of hpas) {
      const spec = hpa.spec as HpaSpec;
      expect(spec.scaleTargetRef).toMatchObject({
        kind: 'Deployment',
        name: deployments.get(component(hpa))?.metadata.name,
      });
    }
    const gateway = hpas.find((hpa) => component(hpa) === 'gateway')?.spec as HpaSpec;
    expect(gateway.metrics.map((m) => m.pods?.metric.name ?? m.type)).toEqual([
      'Resource',
      'acs_gateway_sessions_in_flight',
    ]);
  });

  it('guards every component with a NetworkPolicy and, with the operator API, a ServiceMonitor', () => {
    for (const deployment of ofKind(production, 'Deployment')) {
      const policies = ofKind(production, 'NetworkPolicy').filter((policy) =>
        selects((policy.spec as SelectorSpec).podSelector?.matchLabels, deployment),
      );
      expect(policies).toHaveLength(1);
    }
    expect(ofKind(production, 'ServiceMonitor').map(component).sort()).toEqual(
      [...COMPONENTS].sort(),
    );
    expect(ofKind(defaults, 'ServiceMonitor')).toEqual([]);
  });

  it('names each scrape job acs-<component>, as the dashboards and alert rules select them', () => {
    for (const monitor of ofKind(production, 'ServiceMonitor')) {
      const relabelings = (monitor.spec as ServiceMonitorSpec).endpoints.flatMap(
        (endpoint) => endpoint.relabelings ?? [],
      );
      expect(relabelings).toContainEqual({
        action: 'replace',
        targetLabel: 'job',
        replacement: `acs-${component(monitor) ?? ''}`,
      });
    }
  });

  it('renders the alert rules file as a PrometheusRule, only with the operator API', () => {
    const source = readFileSync(resolve(CHART_DIR, '../../deploy/prometheus/rules/acs-alerts.yml'));
    // One source of truth: the chart carries a copy (Helm reads no file outside the chart).
    expect(readFileSync(resolve(CHART_DIR, 'files/acs-alerts.yml')).equals(source)).toBe(true);
    const alerts = [...source.toString('utf8').matchAll(/^\s+- alert: (\w+)$/gm)].map((m) => m[1]);
    expect(alerts.length).toBeGreaterThan(5);
    const [rule, ...others] = ofKind(production, 'PrometheusRule');
    expect(others).toEqual([]);
    const groups = (rule?.spec as PrometheusRuleSpec | undefined)?.groups ?? [];
    expect(groups.flatMap((group) => group.rules.map((each) => each.alert))).toEqual(alerts);
    expect(ofKind(defaults, 'PrometheusRule')).toEqual([]);
  });
});
