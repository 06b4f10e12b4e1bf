// Static checks of the deployment files (Dockerfile, docker-compose.yml, k8s/). No Docker engine
// or cluster is available to the test suite, so this is what stops a probe, a limit or a pinned
// tag from silently going missing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';

const root = join(__dirname, '..', '..');

const APPS = [
  'gateway',
  'task-core',
  'task-monitoring',
  'task-persistence',
  'task-scheduling',
  'worker',
] as const;
type App = (typeof APPS)[number];

const PORTS: Record<App, number> = {
  gateway: 3000,
  'task-core': 3101,
  'task-monitoring': 3102,
  'task-persistence': 3103,
  'task-scheduling': 3104,
  worker: 3105,
};

// The apps that own a schema, and so need DATABASE_URL and the migrations.
const DB_APPS: readonly App[] = ['task-core', 'task-monitoring', 'task-persistence', 'task-scheduling'];
// JWT_PUBLIC_KEY is public by definition and may sit in the ConfigMap.
const SECRET_VARS = ['DATABASE_URL', 'JWT_SECRET'];
const NAMESPACE = 'megahub';
// Node 20 reached its end of life in April 2026: the image runs the 24 LTS line (the Dockerfile says why).
const IMAGE_NODE_MAJOR = '24';

// Minimal shapes of what the checks read; everything is optional because the files are input.
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface Container {
  name: string;
  image?: string;
  args?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  lifecycle?: { preStop?: { exec?: { command?: string[] } } };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  terminationGracePeriodSeconds?: number;
  restartPolicy?: string;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
    ports?: { name?: string; port: number; targetPort?: string | number }[];
    scaleTargetRef?: { apiVersion: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  };
}
interface Kustomization {
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
}
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition?: string }>;
  ports?: string[];
  volumes?: string[];
  stop_grace_period?: string;
}
interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

function read(path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A reference is pinned when it has a digest, or a tag of at least major.minor that is not
// `latest`: `node:20-bookworm-slim` floats as much as `node:latest` does.
function isPinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return false;
  const tag = lastSegment.slice(colon + 1);
  return tag !== 'latest' && /^v?\d+\.\d+/.test(tag);
}

function durationSeconds(value: string | undefined): number {
  const match = /^(\d+)(ms|s|m)$/.exec(value ?? '');
  if (!match) return 10; // Docker's default stop grace period
  const amount = Number(match[1]);
  return match[2] === 'ms' ? amount / 1000 : match[2] === 'm' ? amount * 60 : amount;
}

// A file that does not parse is reported by the first test, not as a crash of the whole suite.
const parseErrors: string[] = [];
function parseAll(path: string): unknown[] {
  try {
    return loadAll(read(path), null, { filename: path }).filter((doc) => doc !== null && doc !== undefined);
  } catch (error) {
    parseErrors.push(error instanceof Error ? error.message : String(error));
    return [];
  }
}

// The manifests kustomize deploys; k8s/external/ holds Helm values and notes, not manifests.
const manifestFiles = yamlFilesUnder('k8s').filter(
  (path) => !path.startsWith(join('k8s', 'external')) && !path.endsWith('kustomization.yaml'),
);
const yamlFiles = [...yamlFilesUnder('k8s'), 'docker-compose.yml'];
const parsed = new Map(yamlFiles.map((path) => [path, parseAll(path)]));
const objects: K8sObject[] = manifestFiles.flatMap((path) =>
  (parsed.get(path) ?? []).map((doc) => doc as K8sObject),
);
const compose = (parsed.get('docker-compose.yml')?.[0] ?? { services: {} }) as Compose;

function find(kind: string, name: string): K8sObject | undefined {
  return objects.find((object) => object.kind === kind && object.metadata.name === name);
}

function podSpec(object: K8sObject): PodSpec {
  const spec = object.spec?.template?.spec;
  if (!spec) throw new Error(`${object.kind}/${object.metadata.name} has no pod template`);
  return spec;
}

function containersOf(object: K8sObject): Container[] {
  const spec = podSpec(object);
  return [...(spec.initContainers ?? []), ...spec.containers];
}

function workloads(): K8sObject[] {
  return objects.filter((object) => ['Deployment', 'Job', 'StatefulSet', 'DaemonSet'].includes(object.kind));
}

// A Service's selector is a plain label map, unlike the matchLabels of workloads and budgets.
function serviceSelector(service: K8sObject): Record<string, string> {
  const selector: unknown = service.spec?.selector;
  return isObject(selector) ? (selector as Record<string, string>) : {};
}

function envOf(container: Container, name: string): EnvVar | undefined {
  return container.env?.find((variable) => variable.name === name);
}

function preStopSleepSeconds(container: Container): number {
  const command = container.lifecycle?.preStop?.exec?.command ?? [];
  return command[0] === 'sleep' ? Number(command[1]) : 0;
}

describe('deployment files', () => {
  describe('YAML', () => {
    it('should parse every YAML file under k8s/ and docker-compose.yml', () => {
      expect(parseErrors).toEqual([]);
      expect(yamlFiles.length).toBeGreaterThan(5);
      for (const [path, docs] of parsed) {
        expect({ path, documents: docs.length > 0 }).toEqual({ path, documents: true });
        for (const doc of docs) expect({ path, object: isObject(doc) }).toEqual({ path, object: true });
      }
    });

    it('should give every manifest an apiVersion, a kind, a name and the megahub namespace', () => {
      expect(objects.length).toBeGreaterThan(10);
      for (const object of objects) {
        expect(object.apiVersion).toEqual(expect.any(String));
        expect(object.kind).toEqual(expect.any(String));
        expect(object.metadata.name).toEqual(expect.any(String));
        if (object.kind !== 'Namespace') expect(object.metadata.namespace).toBe(NAMESPACE);
      }
      expect(find('Namespace', NAMESPACE)).toBeDefined();
    });
  });

  describe('k8s/kustomization.yaml', () => {
    const kustomization = (parsed.get(join('k8s', 'kustomization.yaml'))?.[0] ?? {}) as Kustomization;

    it('should list exactly the manifest files in k8s/', () => {
      const listed = (kustomization.resources ?? []).map((resource) => join('k8s', resource)).sort();
      expect(listed).toEqual([...manifestFiles].sort());
      for (const path of listed) expect(existsSync(join(root, path))).toBe(true);
    });

    it('should deploy into the megahub namespace and pin the app image tag', () => {
      expect(kustomization.namespace).toBe(NAMESPACE);
      const image = kustomization.images?.find((entry) => entry.name === 'megahub/tasks');
      expect(image?.newTag).toMatch(/^\d+\.\d+\.\d+/);
    });
  });

  describe('k8s apps', () => {
    it('should match the apps in nest-cli.json', () => {
      const nestCli = JSON.parse(read('nest-cli.json')) as { projects: Record<string, { type: string }> };
      const applications = Object.entries(nestCli.projects)
        .filter(([, project]) => project.type === 'application')
        .map(([name]) => name)
        .sort();
      expect(applications).toEqual([...APPS].sort());
    });

    it.each(APPS)('should run %s from the shared image with its own argument and port', (app) => {
      const deployment = find('Deployment', app);
      expect(deployment).toBeDefined();
      if (!deployment) return;
      const [container] = podSpec(deployment).containers;
      expect(container.image).toMatch(/^megahub\/tasks:/);
      expect(container.args).toEqual([app]);
      expect(container.ports).toContainEqual({ name: 'http', containerPort: PORTS[app] });
      const portVariable = app === 'gateway' ? 'GATEWAY_PORT' : 'HTTP_PORT';
      expect(envOf(container, portVariable)?.value).toBe(String(PORTS[app]));
    });

    it.each(APPS)('should probe readiness on /health and liveness on /health/live for %s', (app) => {
      const deployment = find('Deployment', app);
      expect(deployment).toBeDefined();
      if (!deployment) return;
      for (const container of podSpec(deployment).containers) {
        expect(container.readinessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
        expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
        expect(container.ports?.map((port) => port.name)).toContain('http');
      }
    });

    it.each(APPS)('should let %s drain within terminationGracePeriodSeconds', (app) => {
      const deployment = find('Deployment', app);
      expect(deployment).toBeDefined();
      if (!deployment) return;
      const spec = podSpec(deployment);
      const [container] = spec.containers;
      const shutdownGraceMs = Number(envOf(container, 'SHUTDOWN_GRACE_MS')?.value);
      expect(shutdownGraceMs).toBeGreaterThan(0);
      const neededSeconds = preStopSleepSeconds(container) + shutdownGraceMs / 1000;
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(neededSeconds);
    });

    it('should give workers a longer grace period than the services', () => {
      const worker = find('Deployment', 'worker');
      const core = find('Deployment', 'task-core');
      expect(worker && core).toBeTruthy();
      if (!worker || !core) return;
      expect(podSpec(worker).terminationGracePeriodSeconds).toBeGreaterThan(
        podSpec(core).terminationGracePeriodSeconds ?? 30,
      );
    });

    it('should set resource requests and limits on every container of every workload', () => {
      const all = workloads();
      expect(all.length).toBeGreaterThanOrEqual(APPS.length + 1);
      for (const workload of all) {
        for (const container of containersOf(workload)) {
          for (const resource of ['cpu', 'memory']) {
            expect({ [container.name]: container.resources?.requests?.[resource] }).toEqual({
              [container.name]: expect.any(String),
            });
            expect({ [container.name]: container.resources?.limits?.[resource] }).toEqual({
              [container.name]: expect.any(String),
            });
          }
        }
      }
    });

    it('should run every workload as non-root on a read-only root filesystem with a pinned image', () => {
      for (const workload of workloads()) {
        const spec = podSpec(workload);
        expect(spec.securityContext?.runAsNonRoot).toBe(true);
        expect(spec.securityContext?.runAsUser).not.toBe(0);
        for (const container of containersOf(workload)) {
          expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
          expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
          expect(isPinned(container.image ?? '')).toBe(true);
        }
      }
    });

    it.each(APPS.filter((app) => app !== 'worker'))('should expose %s through a Service', (app) => {
      const deployment = find('Deployment', app);
      const service = find('Service', app);
      expect(deployment && service).toBeTruthy();
      if (!deployment || !service) return;
      const selector = serviceSelector(service);
      expect(Object.keys(selector).length).toBeGreaterThan(0);
      expect(deployment.spec?.template?.metadata?.labels).toEqual(expect.objectContaining(selector));
      expect(service.spec?.ports?.[0]?.targetPort).toBe('http');
    });

    it.each(APPS)('should protect %s with a PodDisruptionBudget', (app) => {
      const budget = find('PodDisruptionBudget', app);
      const deployment = find('Deployment', app);
      expect(budget?.apiVersion).toBe('policy/v1');
      expect(budget?.spec?.minAvailable ?? budget?.spec?.maxUnavailable).toBeDefined();
      expect(deployment?.spec?.template?.metadata?.labels).toEqual(
        expect.objectContaining(budget?.spec?.selector?.matchLabels ?? { missing: 'selector' }),
      );
    });

    it.each(['worker', 'gateway'])('should autoscale %s with an autoscaling/v2 HPA', (app) => {
      const autoscaler = find('HorizontalPodAutoscaler', app);
      expect(autoscaler?.apiVersion).toBe('autoscaling/v2');
      expect(autoscaler?.spec?.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: app,
      });
      expect(autoscaler?.spec?.minReplicas).toBeGreaterThanOrEqual(2);
      expect(autoscaler?.spec?.maxReplicas).toBeGreaterThan(autoscaler?.spec?.minReplicas ?? 0);
      // A replicas field would reset the autoscaler's count on every apply.
      expect(find('Deployment', app)?.spec?.replicas).toBeUndefined();
    });

    it('should label what must exist before the apps so it can be applied first', () => {
      const componentOf = (kind: string, name: string): string | undefined =>
        find(kind, name)?.metadata.labels?.['app.kubernetes.io/component'];
      expect(componentOf('Namespace', NAMESPACE)).toBe('config');
      expect(componentOf('ConfigMap', 'megahub-config')).toBe('config');
      expect(componentOf('Secret', 'megahub-secrets')).toBe('config');
      expect(componentOf('Job', 'migrate')).toBe('migration');
      for (const app of APPS) expect(['config', 'migration']).not.toContain(componentOf('Deployment', app));
    });

    it('should run the migrations in a Job', () => {
      const job = find('Job', 'migrate');
      expect(job).toBeDefined();
      if (!job) return;
      const [container] = podSpec(job).containers;
      expect(container.args).toEqual(['migrate']);
      expect(['Never', 'OnFailure']).toContain(podSpec(job).restartPolicy);
      expect(envOf(container, 'DATABASE_URL')?.valueFrom?.secretKeyRef?.name).toBe('megahub-secrets');
    });
  });

  describe('k8s secrets', () => {
    const secret = find('Secret', 'megahub-secrets');
    const secretKeys = Object.keys({ ...secret?.data, ...secret?.stringData });

    it('should take every secret variable from a secretKeyRef to a key that exists', () => {
      expect(secret).toBeDefined();
      let references = 0;
      for (const workload of workloads()) {
        for (const container of containersOf(workload)) {
          for (const variable of container.env ?? []) {
            const reference = variable.valueFrom?.secretKeyRef;
            if (SECRET_VARS.includes(variable.name)) {
              expect({ [variable.name]: variable.value }).toEqual({ [variable.name]: undefined });
              expect(reference?.name).toBe('megahub-secrets');
            }
            if (reference) {
              references += 1;
              expect(secretKeys).toContain(reference.key);
            }
          }
        }
      }
      expect(references).toBeGreaterThanOrEqual(DB_APPS.length + 2);
    });

    it.each(DB_APPS)('should hand DATABASE_URL to %s from the Secret', (app) => {
      const deployment = find('Deployment', app);
      expect(deployment).toBeDefined();
      if (!deployment) return;
      const [container] = podSpec(deployment).containers;
      expect(envOf(container, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
        name: 'megahub-secrets',
        key: 'DATABASE_URL',
      });
    });

    it('should hand JWT_SECRET to the gateway from the Secret', () => {
      const gateway = find('Deployment', 'gateway');
      expect(gateway).toBeDefined();
      if (!gateway) return;
      const [container] = podSpec(gateway).containers;
      expect(envOf(container, 'JWT_SECRET')?.valueFrom?.secretKeyRef?.name).toBe('megahub-secrets');
    });

    it('should keep secrets out of the ConfigMap', () => {
      const configMap = find('ConfigMap', 'megahub-config');
      expect(configMap?.data).toBeDefined();
      for (const name of SECRET_VARS) expect(Object.keys(configMap?.data ?? {})).not.toContain(name);
      for (const value of Object.values(configMap?.data ?? {}))
        expect(value).not.toMatch(/:\/\/[^/\s]*:[^/\s]*@/);
    });
  });

  describe('docker-compose.yml', () => {
    const services = compose.services;

    it('should define postgres, nats, migrate and every app', () => {
      expect(Object.keys(services).sort()).toEqual(['migrate', 'nats', 'postgres', ...APPS].sort());
    });

    it('should pin every image', () => {
      for (const [name, service] of Object.entries(services)) {
        expect({ [name]: isPinned(service.image ?? '') }).toEqual({ [name]: true });
      }
    });

    it.each(['postgres', 'nats', ...APPS])('should healthcheck %s', (name) => {
      const healthcheck = services[name]?.healthcheck;
      expect(healthcheck?.disable).not.toBe(true);
      expect(healthcheck?.test?.length).toBeGreaterThan(1);
    });

    it.each(APPS)('should run %s from the built image with its readiness healthcheck and port', (app) => {
      const service = services[app];
      expect(service.image).toBe(services.migrate.image);
      expect(service.build).toBeDefined();
      expect(service.command).toEqual([app]);
      expect(service.healthcheck?.test?.join(' ')).toContain('/health');
      const portVariable = app === 'gateway' ? 'GATEWAY_PORT' : 'HTTP_PORT';
      expect(String(service.environment?.[portVariable])).toBe(String(PORTS[app]));
      const stopSeconds = durationSeconds(service.stop_grace_period);
      expect(stopSeconds * 1000).toBeGreaterThan(Number(service.environment?.SHUTDOWN_GRACE_MS));
    });

    it('should run the migrations once, after Postgres is healthy', () => {
      const migrate = services.migrate;
      expect(migrate.command).toEqual(['migrate']);
      expect(migrate.depends_on?.postgres?.condition).toBe('service_healthy');
      expect(migrate.environment?.DATABASE_URL).toEqual(expect.any(String));
    });

    it.each(DB_APPS)('should start %s after the migrations and on healthy Postgres and NATS', (app) => {
      const dependsOn = services[app].depends_on ?? {};
      expect(dependsOn.migrate?.condition).toBe('service_completed_successfully');
      expect(dependsOn.postgres?.condition).toBe('service_healthy');
      expect(dependsOn.nats?.condition).toBe('service_healthy');
      expect(services[app].environment?.DATABASE_URL).toEqual(expect.any(String));
    });

    it('should start the gateway on healthy services and publish it on port 3000', () => {
      const gateway = services.gateway;
      for (const app of DB_APPS) expect(gateway.depends_on?.[app]?.condition).toBe('service_healthy');
      expect(gateway.ports?.some((port) => port.endsWith(':3000'))).toBe(true);
      expect(String(gateway.environment?.JWT_SECRET)).toMatch(/^\$\{JWT_SECRET:-.+\}$/);
    });

    it('should start the worker on a healthy task-core and NATS', () => {
      const dependsOn = services.worker.depends_on ?? {};
      expect(dependsOn['task-core']?.condition).toBe('service_healthy');
      expect(dependsOn.nats?.condition).toBe('service_healthy');
    });

    it('should run NATS with JetStream stored on a named volume', () => {
      const nats = services.nats;
      const command = nats.command ?? [];
      expect(command).toContain('-js');
      const storeDir = command[command.indexOf('-sd') + 1];
      expect(storeDir).toBe('/data');
      const volume = (nats.volumes ?? []).find((entry) => entry.endsWith(`:${storeDir}`));
      expect(Object.keys(compose.volumes ?? {})).toContain(volume?.split(':')[0]);
      expect(nats.healthcheck?.test?.join(' ')).toContain(':8222/healthz');
    });

    it('should keep Postgres data on a named volume and check it with pg_isready', () => {
      const postgres = services.postgres;
      const volume = (postgres.volumes ?? []).find((entry) => entry.endsWith(':/var/lib/postgresql/data'));
      expect(Object.keys(compose.volumes ?? {})).toContain(volume?.split(':')[0]);
      expect(postgres.healthcheck?.test).toContain('pg_isready');
    });
  });

  describe('Dockerfile', () => {
    const lines = read('Dockerfile')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const stages = lines
      .filter((line) => /^FROM\s/i.test(line))
      .map((line) => {
        const [, image, alias] = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line) ?? [];
        return { image, alias };
      });
    const finalStageLines = lines.slice(lines.map((line) => /^FROM\s/i.test(line)).lastIndexOf(true));

    it('should build in several stages from pinned base images', () => {
      expect(stages.length).toBeGreaterThanOrEqual(3);
      const earlier = new Set<string>();
      for (const { image, alias } of stages) {
        expect({ image, ok: earlier.has(image) || isPinned(image) }).toEqual({ image, ok: true });
        if (alias) earlier.add(alias);
      }
      // The image runs a supported Node LTS line, one the code's engines range accepts (README, Node versions).
      const node = stages.map(({ image }) => /^node:(\d+)\.(\d+)\.\d+-/.exec(image)).find((match) => match !== null);
      expect(node?.[1]).toBe(IMAGE_NODE_MAJOR);
      const minimum = /^>=(\d+)\.(\d+)$/.exec(JSON.parse(read('package.json')).engines.node as string);
      expect(Number(node?.[1])).toBeGreaterThanOrEqual(Number(minimum?.[1]));
    });

    it('should install with npm ci, build, and keep only production dependencies', () => {
      expect(lines).toContainEqual(expect.stringMatching(/^RUN npm ci\b(?!.*--omit=dev)/));
      expect(lines).toContainEqual(expect.stringMatching(/^RUN npm run build\b/));
      expect(lines).toContainEqual(expect.stringMatching(/^RUN npm ci .*--omit=dev/));
    });

    it('should run the final stage as a non-root user under an init process', () => {
      const user = finalStageLines.filter((line) => /^USER\s/i.test(line)).pop();
      expect(user).toBeDefined();
      const name = (user ?? '').split(/\s+/)[1].split(':')[0];
      expect(['root', '0']).not.toContain(name);
      const entrypoint = finalStageLines.find((line) => /^ENTRYPOINT\s/i.test(line)) ?? '';
      expect(entrypoint).toContain('tini');
      expect(entrypoint).toContain('docker/entrypoint.sh');
    });

    it('should copy what the runtime needs into the final stage', () => {
      const copies = finalStageLines.filter((line) => /^COPY\s/i.test(line)).join('\n');
      for (const path of ['node_modules', 'dist', 'scripts', 'package.json', 'docker/entrypoint.sh']) {
        expect(copies).toContain(path);
      }
    });

    it('should map every app and migrate to its command in docker/entrypoint.sh', () => {
      const script = read('docker/entrypoint.sh');
      const appCase = /^\s*(gateway[^)]*)\)/m.exec(script)?.[1] ?? '';
      expect(
        appCase
          .split('|')
          .map((name) => name.trim())
          .sort(),
      ).toEqual([...APPS].sort());
      expect(script).toContain('exec node "dist/apps/$command/main.js"');
      expect(script).toMatch(/migrate\)\s*\n\s*exec node scripts\/migrate\.js/);
    });

    it('should keep host artefacts out of the build context', () => {
      const ignored = read('.dockerignore')
        .split('\n')
        .map((line) => line.trim());
      for (const entry of ['node_modules', 'dist', '.git']) expect(ignored).toContain(entry);
    });
  });

  describe('Node versions', () => {
    it('should say in the README which Node versions are supported and which are tested where', () => {
      const readme = read('README.md');
      const image = /FROM (node:\S+)/.exec(read('Dockerfile'))?.[1] ?? 'no node image';
      expect(readme).toContain('## Node versions');
      expect(readme).toContain(image);
      expect(readme).toContain(JSON.parse(read('package.json')).engines.node as string);
      expect(read('docs/deployment.md')).toContain(image);
    });
  });

  describe('docs/deployment.md', () => {
    it('should draw the architecture in Mermaid and cover compose, Kubernetes and migrations', () => {
      const doc = read('docs/deployment.md');
      expect(doc).toContain('```mermaid');
      for (const topic of [
        'docker compose up',
        'kubectl apply -k k8s',
        'npm run migrate',
        'SHUTDOWN_GRACE_MS',
      ]) {
        expect(doc).toContain(topic);
      }
    });
  });

  it('should not reference an unpinned image anywhere', () => {
    const references = [
      ...objects
        .flatMap((object) => (object.spec?.template ? containersOf(object) : []))
        .map((c) => c.image ?? ''),
      ...Object.values(compose.services).map((service) => service.image ?? ''),
    ];
    const natsValues = parsed.get(join('k8s', 'external', 'nats-values.yaml'))?.[0] as
      { container?: { image?: { repository?: string; tag?: string } } } | undefined;
    const natsImage = natsValues?.container?.image;
    references.push(`${natsImage?.repository ?? 'nats'}:${natsImage?.tag ?? ''}`);
    expect(references.filter((image) => !isPinned(image))).toEqual([]);
  });
});
