#!/usr/bin/env node
// Benchmark: kfm (the CLI, a new process per run) against the reference kustomize on synthetic
// trees of 1,000, 5,000 and 20,000 resources, generated afresh into bench-tree/ (git-ignored),
// plus the Kubeflow `example` tree. For each: kfm cold (no output cache), warm (answered from the
// output cache) and partially warm (one input file changed since the cached build), the
// reference, the ratios, peak memory (Linux), and whether the outputs are identical. Medians of
// --runs runs; the machine is shared, so ratios within one run are what to compare.
// Without the reference on the machine, kfm's figures only.
// Usage: npm run bench [-- --sizes 1000,5000,20000] [--runs 3] [--ref-runs N] [--no-reference]
//                       [--no-example] [--quick] [--keep]
//   --quick: the 1,000 tree and the example, one run each.
//   --ref-runs: runs of the reference (default --runs; it takes minutes on the large trees).
//   --no-reference: kfm's figures only.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { haveReference, REFERENCE } from './reference.mjs';
import { REPO } from './fixtures.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const QUICK = argv.includes('--quick');
const SIZES = opt('sizes', QUICK ? '1000' : '1000,5000,20000').split(',').map(Number);
const RUNS = Number(opt('runs', QUICK ? '1' : '3'));
const REF_RUNS = Number(opt('ref-runs', String(RUNS)));
const WITH_REFERENCE = !argv.includes('--no-reference') && haveReference();
const TREE = join(REPO, 'bench-tree');
const KFM = join(REPO, 'bin/kfm.cjs');

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

/**
 * Runs a command once: wall time (ms), stdout, and peak resident memory (KB) read from the
 * kernel's high-water mark while it runs (Linux only; a lower bound, sampled every few ms).
 */
function runOnce(cmd, args, env) {
  return new Promise((done) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    let rss = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) rss = Math.max(rss, Number(m[1]));
      } catch {
        // Gone, or not Linux.
      }
    };
    const timer = setInterval(sample, 5);
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => (err += b));
    child.on('exit', () => sample());
    child.on('close', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      done({ ms, out: Buffer.concat(out).toString('utf8'), rss, code, error: code === 0 ? undefined : err.split('\n')[0] });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall time and peak memory of RUNS runs; `before` runs (untimed) ahead of each. */
async function time(cmd, args, env = process.env, before = () => {}, runs = RUNS) {
  const ms = [];
  const rss = [];
  let out;
  for (let i = 0; i < runs; i++) {
    before(i);
    const r = await runOnce(cmd, args, env);
    if (r.code !== 0) return { ms: NaN, rss: NaN, out: undefined, error: r.error };
    ms.push(r.ms);
    rss.push(r.rss);
    out = r.out;
  }
  return { ms: median(ms), rss: median(rss), out };
}

const CACHE = join(TREE, '.cache');

/** The first resource file of a tree (a kustomization's first `resources` entry that is a file). */
function someResourceFile(dir) {
  const k = readFileSync(join(dir, 'kustomization.yaml'), 'utf8');
  for (const m of k.matchAll(/^- (\S+)$/gm)) {
    const p = join(dir, m[1]);
    if (/\.ya?ml$/.test(p)) return p;
    if (existsSync(join(p, 'kustomization.yaml'))) {
      const f = someResourceFile(p);
      if (f) return f;
    }
  }
  return undefined;
}

const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
const mb = (kb) => (kb ? `${(kb / 1024).toFixed(0).padStart(4)} MB` : '   - MB');

async function compare(label, dir) {
  const cold = await time(process.execPath, [KFM, 'build', dir], { ...process.env, KFM_CACHE: 'off' });
  // The example generates Secrets, which the cache keeps only when asked to.
  const warmEnv = { ...process.env, KFM_CACHE: '', KFM_CACHE_DIR: CACHE, KFM_CACHE_SECRETS: '1' };
  await runOnce(process.execPath, [KFM, 'build', dir], warmEnv);
  const warm = await time(process.execPath, [KFM, 'build', dir], warmEnv);
  // One input file changed (a comment added, so the output stays the same) before each run.
  const file = someResourceFile(dir);
  const partial = await time(process.execPath, [KFM, 'build', dir], warmEnv, (i) => appendFileSync(file, `\n# bench edit ${Date.now()} ${i}\n`));
  console.log(`\n${label}  [${cold.out ? cold.out.split(/^---$/m).length : 0} resources]`);
  if (cold.error) console.log(`  kfm failed: ${cold.error}`);
  const ref = WITH_REFERENCE ? await time(REFERENCE, ['kustomize', dir], process.env, () => {}, REF_RUNS) : undefined;
  const row = (what, r) => {
    const cells = [`  ${what.padEnd(16)}`, fmt(r.ms), mb(r.rss)];
    if (ref && !ref.error) cells.push(`${(ref.ms / r.ms).toFixed(1).padStart(6)}x`, ref.out === r.out ? 'identical' : 'OUTPUT DIFFERS');
    console.log(cells.join('  '));
  };
  row('kfm cold', cold);
  row('kfm warm', warm);
  row('kfm part. warm', partial);
  if (!ref) console.log(argv.includes('--no-reference') ? '  (reference not run: --no-reference)' : '  (no reference on this machine)');
  else if (ref.error) console.log(`  reference failed: ${ref.error}`);
  else {
    console.log(`  ${'reference'.padEnd(16)}  ${fmt(ref.ms)}  ${mb(ref.rss)}`);
    if (cold.rss && ref.rss) console.log(`  peak memory: kfm cold ${(100 * cold.rss / ref.rss).toFixed(0)}% of the reference's`);
  }
}

/** A copy of the platform trees the example builds from, for the partially warm runs to edit. */
function copyOfExample() {
  const root = join(TREE, 'kubeflow');
  rmSync(root, { recursive: true, force: true });
  for (const d of ['common', 'applications', 'experimental', 'example']) cpSync(join(REPO, d), join(root, d), { recursive: true });
  return join(root, 'example');
}

if (!existsSync(join(REPO, 'dist/cli/main.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}
console.log(`median of ${RUNS} (reference: ${REF_RUNS}); kfm runs as a new CLI process (node ${process.version}); ratio = reference time / kfm time`);
for (const n of SIZES) await compare(`synthetic ${n}`, generate(n));
// The example is a checked-in tree: it is copied so that the partially warm runs edit the copy.
const example = join(REPO, 'example');
if (!argv.includes('--no-example') && existsSync(join(example, 'kustomization.yaml'))) await compare('kubeflow example', copyOfExample());
rmSync(CACHE, { recursive: true, force: true });
if (!argv.includes('--keep')) rmSync(TREE, { recursive: true, force: true });
