#!/usr/bin/env node
// Benchmark: kfm (the CLI, a cold process per run) against the reference kustomize on synthetic
// trees of 1,000 and 10,000 resources, generated afresh into bench-tree/ (git-ignored), plus the
// Kubeflow `example` tree. Best of 3 for each; prints both times, the ratio, and whether the
// outputs are identical.
// Usage: npm run bench [-- --sizes 1000,10000] [--runs 3] [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { haveReference, REFERENCE } from './reference.mjs';
import { REPO } from './fixtures.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const SIZES = opt('sizes', '1000,10000').split(',').map(Number);
const RUNS = Number(opt('runs', '3'));
const TREE = join(REPO, 'bench-tree');
const KFM = join(REPO, 'bin/kfm.js');

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut ' +
  'labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco.';

/** One resource of a varied kind; `i` makes names unique within an app. */
function resource(i, app) {
  const name = `${app}-r${i}`;
  switch (i % 8) {
    case 0:
      return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${1 + (i % 3)}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
      annotations:
        description: "${LOREM}"
    spec:
      serviceAccountName: ${app}-r${i + 5}
      initContainers:
      - name: init
        image: busybox:1.36
        command: ["sh", "-c", "echo init ${i}"]
      containers:
      - name: main
        image: ghcr.io/example/${app}:v${i % 5}
        args: ["--port=8080", "--verbose", "--name=${name}"]
        ports:
        - containerPort: 8080
          protocol: TCP
        env:
        - name: MODE
          value: "production"
        - name: THRESHOLD
          value: "0.75"
        - name: ENABLED
          value: "true"
        resources:
          limits: {cpu: "1", memory: 512Mi}
          requests: {cpu: 100m, memory: 128Mi}
        volumeMounts:
        - name: cfg
          mountPath: /etc/cfg
      volumes:
      - name: cfg
        configMap:
          name: ${app}-r${i + 1}
`;
    case 1:
      return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  config.yaml: |
    server:
      port: 8080
      name: ${name}
    features: [a, b, c]
  long: ${LOREM} ${LOREM}
  number-like: "12345"
  bool-like: "yes"
  url: https://example.com/${app}/${i}?q=1&r=2
`;
    case 2:
      return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${app}-r${i - 2}
  ports:
  - name: http
    port: 80
    targetPort: 8080
`;
    case 3:
      return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
spec:
  serviceName: ${name}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: db
        image: docker.io/library/postgres:16
        env:
        - name: PGDATA
          value: /var/lib/postgresql/data/pgdata
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 10Gi
`;
    case 4:
      return `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}
rules:
- apiGroups: [""]
  resources: ["pods", "services", "configmaps"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "update", "patch"]
`;
    case 5:
      return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  annotations:
    iam.example.com/role: arn:example:iam::123456789012:role/${name}
`;
    case 6:
      return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: job
            image: busybox:1.36
            command: ["sh", "-c", "date; echo ${LOREM}"]
`;
    default:
      return `apiVersion: example.com/v1alpha1
kind: Widget
metadata:
  name: ${name}
spec:
  size: ${i * 1.5}
  enabled: ${i % 2 === 0}
  created: "2024-01-0${1 + (i % 9)}"
  nested:
    list:
    - {key: a, value: "1"}
    - {key: b, value: "2"}
    text: "${LOREM}"
`;
  }
}

/** Writes a tree of `n` resources: 10 apps (base + overlay each) under one top kustomization. */
function generate(n) {
  const root = join(TREE, String(n));
  rmSync(root, { recursive: true, force: true });
  const apps = 10;
  const perApp = Math.ceil(n / apps);
  const top = [];
  for (let a = 0; a < apps; a++) {
    const app = `app${a}`;
    const base = join(root, app, 'base');
    const overlay = join(root, app, 'overlay');
    mkdirSync(base, { recursive: true });
    mkdirSync(overlay, { recursive: true });
    // Several resource files per base, several documents per file.
    const files = [];
    const perFile = 50;
    for (let f = 0; f * perFile < perApp; f++) {
      const docs = [];
      for (let i = f * perFile; i < Math.min(perApp, (f + 1) * perFile); i++) docs.push(resource(i, app));
      const file = `r${f}.yaml`;
      writeFileSync(join(base, file), docs.join('---\n'));
      files.push(file);
    }
    writeFileSync(join(base, 'kustomization.yaml'), `resources:
${files.map((f) => `- ${f}`).join('\n')}
labels:
- pairs:
    app.kubernetes.io/name: ${app}
  includeSelectors: true
images:
- name: busybox
  newTag: "1.37"
- name: ghcr.io/example/${app}
  newName: registry.example.com:5000/mirror/${app}
  newTag: v9
`);
    writeFileSync(join(overlay, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ns-${app}
namePrefix: ${app}-
nameSuffix: -x
resources:
- ../base
labels:
- pairs:
    tier: overlay
  includeTemplates: true
commonAnnotations:
  owner: team-${a}
images:
- name: docker.io/library/postgres
  digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
replicas:
- name: ${app}-r0
  count: 4
`);
    top.push(`- ${app}/overlay`);
  }
  writeFileSync(join(root, 'kustomization.yaml'), `resources:
${top.join('\n')}
labels:
- pairs:
    platform: bench
`);
  return root;
}

/** Best wall time of `runs` runs (ms) and the last output. */
function time(cmd, args, env = process.env) {
  let best = Infinity;
  let out;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, env });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) return { ms: NaN, out: undefined, error: (r.stderr || '').split('\n')[0] };
    best = Math.min(best, ms);
    out = r.stdout;
  }
  return { ms: best, out };
}

const CACHE = join(TREE, '.cache');

function compare(label, dir) {
  // Cold: no output cache. Warm: the cache filled by one build, then timed.
  const k = time(process.execPath, [KFM, 'build', dir], { ...process.env, KFM_CACHE: 'off' });
  const warmEnv = { ...process.env, KFM_CACHE: '', KFM_CACHE_DIR: CACHE };
  spawnSync(process.execPath, [KFM, 'build', dir], { env: warmEnv, maxBuffer: 1 << 30 });
  const w = time(process.execPath, [KFM, 'build', dir], warmEnv);
  const line = [label.padEnd(22), `kfm cold ${k.ms.toFixed(0).padStart(6)} ms`, `warm ${w.ms.toFixed(0).padStart(5)} ms`];
  if (k.error) line.push(`(kfm failed: ${k.error})`);
  if (haveReference()) {
    const r = time(REFERENCE, ['kustomize', dir]);
    line.push(`reference ${r.ms.toFixed(0).padStart(6)} ms`);
    if (r.error) line.push(`(reference failed: ${r.error})`);
    else if (!k.error) {
      line.push(`ratio cold ${(r.ms / k.ms).toFixed(1).padStart(5)}x`, `warm ${(r.ms / w.ms).toFixed(1).padStart(6)}x`);
      line.push(k.out === r.out && w.out === r.out ? 'identical output' : 'OUTPUT DIFFERS');
    }
  } else line.push('(no reference on this machine)');
  const docs = k.out ? k.out.split(/^---$/m).length : 0;
  console.log(`${line.join('  ')}  [${docs} resources]`);
}

if (!existsSync(join(REPO, 'dist/cli/main.js'))) {
  console.error('dist/ is missing: run `npx tsc -p .` first');
  process.exit(1);
}
console.log(`best of ${RUNS}; kfm runs as a cold CLI process (node ${process.version})`);
for (const n of SIZES) compare(`synthetic ${n}`, generate(n));
const example = join(REPO, 'example');
if (existsSync(join(example, 'kustomization.yaml'))) compare('kubeflow example', example);
rmSync(CACHE, { recursive: true, force: true });
if (!argv.includes('--keep')) rmSync(TREE, { recursive: true, force: true });
