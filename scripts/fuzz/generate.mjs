// Random kustomization trees for the differential fuzzer. A tree is data (files holding YAML
// documents or text), so the shrinker can cut it down piece by piece; `writeTree` renders it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { Random } from './random.mjs';
import { makeResource } from './resources.mjs';
import { labelValue, stressString, word } from './strings.mjs';

/**
 * Features a run can leave out of its trees. `field-case` (kustomization field names in other
 * letter cases) and `empty-fields` (null or empty kustomization fields) belong to the decoding
 * work and are left out by default; `--with` brings them in.
 */
export const OPTIONAL_FEATURES = ['field-case', 'empty-fields'];

const APPS = ['web', 'api', 'db', 'cache', 'worker'];
const WORKLOADS = ['Deployment', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'];
const EXTRA_KINDS = ['Ingress', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'];

/** A YAML file of documents; `json` writes each document as JSON (a YAML subset). */
function yamlFile(path, docs, json = false) {
  return { path, type: 'yaml', docs: docs.map(clean), json };
}

function textFile(path, text) {
  return { path, type: 'text', text };
}

/** Drops undefined fields (the builders leave optional fields undefined). */
function clean(v) {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/** Renders one file of a tree to text. */
export function fileText(f) {
  if (f.type === 'text') return f.text;
  if (f.json) return f.docs.map((d) => JSON.stringify(d, null, 1) + '\n').join('---\n');
  // YAML 1.1 quoting, so that go-yaml v2 (kustomization files) reads strings as strings too.
  return f.docs.map((d) => stringify(d, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0 })).join('---\n');
}

/** Writes a tree under `dir`. */
export function writeTree(tree, dir) {
  for (const f of tree.files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, fileText(f));
  }
}

/** Renames some kustomization fields to other letter cases (Go's JSON decoding ignores case). */
function recase(r, k) {
  const out = {};
  for (const [key, v] of Object.entries(k)) {
    const other = r.chance(0.15) && key !== 'apiVersion' && key !== 'kind';
    out[other ? r.pick([key.toLowerCase(), key[0].toUpperCase() + key.slice(1)]) : key] = v;
  }
  return out;
}

/** The base: resources of a few apps, generators, and generator options. */
function genBase(r, ctx) {
  const files = [];
  const res = [];
  const apps = r.some(APPS, r.int(1, 3));
  const ns = r.chance(0.3) ? 'prod' : undefined;
  for (const app of apps) {
    const refs = {};
    const docs = [];
    const add = (kind, name) => {
      const obj = makeResource(r, kind, name, app, refs, ns);
      docs.push(obj);
      res.push({ kind, name, apiVersion: obj.apiVersion, app, obj, ns: obj.metadata.namespace });
      return name;
    };
    if (r.chance(0.6)) refs.configMap = add('ConfigMap', `${app}-config`);
    if (r.chance(0.3)) refs.secret = add('Secret', `${app}-secret`);
    if (r.chance(0.4)) refs.serviceAccount = add('ServiceAccount', `${app}-sa`);
    if (r.chance(0.2)) refs.pvc = add('PersistentVolumeClaim', `${app}-data`);
    if (r.chance(0.2)) refs.role = add('Role', `${app}-role`);
    if (r.chance(0.1)) refs.clusterRole = add('ClusterRole', `${app}-reader`);
    const wl = r.pick(WORKLOADS);
    refs.deployment = add(wl, app);
    if (r.chance(0.7)) refs.service = add('Service', app);
    for (const kind of r.some(EXTRA_KINDS, r.int(0, 2))) add(kind, `${app}-extra-${kind.toLowerCase()}`);
    files.push(yamlFile(`base/${app}.yaml`, docs, r.chance(0.15)));
  }
  if (r.chance(0.3)) {
    const kind = r.pick(['Widget', 'Gadget']);
    files.push(yamlFile('base/crd.yaml', [makeResource(r, 'CustomResourceDefinition', kind, 'crd', {}, ns)]));
    if (kind === 'Widget') {
      const obj = makeResource(r, 'Widget', 'my-widget', 'crd', {}, ns);
      res.push({ kind, name: 'my-widget', apiVersion: obj.apiVersion, app: 'crd', obj });
      files.push(yamlFile('base/widget.yaml', [obj]));
    }
  }
  if (r.chance(0.1)) {
    const obj = makeResource(r, 'Namespace', 'prod', 'ns', {}, undefined);
    res.push({ kind: 'Namespace', name: 'prod', apiVersion: 'v1', app: 'ns', obj });
    files.push(yamlFile('base/namespace.yaml', [obj]));
  }
  if (r.chance(0.1)) {
    // A List wraps some resources: kustomize expands it.
    const obj = makeResource(r, 'ConfigMap', 'listed', 'list', {}, ns);
    res.push({ kind: 'ConfigMap', name: 'listed', apiVersion: 'v1', app: 'list', obj });
    files.push(yamlFile('base/list.yaml', [{ apiVersion: 'v1', kind: 'List', items: [obj] }]));
  }
  const k = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files.map((f) => f.path.slice(5)) };
  const gens = genGenerators(r, 'base', files, res, 'create');
  Object.assign(k, gens);
  if (r.chance(0.2)) k.generatorOptions = generatorOptions(r);
  if (r.chance(0.2)) k.commonLabels = { base: labelValue(r) };
  ctx.res = res;
  files.push(yamlFile('base/kustomization.yaml', [ctx.features.has('field-case') ? recase(r, k) : k]));
  return files;
}

function generatorOptions(r) {
  const o = {};
  if (r.chance(0.5)) o.disableNameSuffixHash = r.chance(0.5);
  if (r.chance(0.4)) o.labels = { generated: labelValue(r) };
  if (r.chance(0.4)) o.annotations = { note: stressString(r) };
  if (r.chance(0.1)) o.immutable = true;
  return o;
}

function literal(r, i) {
  return `${r.pick(['KEY', 'mode', 'level', 'a.b', 'x'])}${i}=${stressString(r).replace(/\n/g, ' ')}`;
}

/** configMapGenerator and secretGenerator entries; files they read are added to `files`. */
function genGenerators(r, dir, files, res, defaultBehavior, existing = []) {
  const out = {};
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    if (!r.chance(field === 'configMapGenerator' ? 0.5 : 0.25)) continue;
    const list = [];
    const n = r.int(1, 2);
    for (let i = 0; i < n; i++) {
      // Merging and replacing work on generated objects of other kustomizations only.
      const merging = existing.filter((g) => g.field === field && g.dir !== dir);
      const g = {};
      if (merging.length && r.chance(0.6)) {
        const base = r.pick(merging);
        g.name = base.name;
        g.behavior = r.pick(['merge', 'replace', 'merge']);
      } else {
        g.name = `${dir.replace(/.*\//, '')}-${r.pick(['app', 'settings', 'env'])}-${field === 'secretGenerator' ? 'secret' : 'config'}${i}`;
        if (r.chance(0.1)) g.behavior = defaultBehavior;
      }
      if (r.chance(0.7)) g.literals = Array.from({ length: r.int(1, 3) }, (_, j) => literal(r, j));
      if (r.chance(0.3)) {
        const name = `${g.name}.properties`;
        files.push(textFile(`${dir}/${name}`, stressString(r) + (r.chance(0.7) ? '\n' : '')));
        g.files = [r.chance(0.5) ? name : `custom-key=${name}`];
      }
      if (r.chance(0.25)) {
        const name = `${g.name}.env`;
        const lines = Array.from({ length: r.int(1, 3) }, (_, j) => `ENV_${word(r).toUpperCase()}_${j}=${r.pick(['value', 'a b', '"quoted"', '', 'x=y', '1'])}`);
        if (r.chance(0.3)) lines.unshift('# comment');
        files.push(textFile(`${dir}/${name}`, lines.join('\n') + '\n'));
        g.envs = [name];
      }
      if (!g.literals && !g.files && !g.envs) g.literals = [literal(r, 0)];
      if (field === 'secretGenerator' && r.chance(0.3)) g.type = r.pick(['Opaque', 'kubernetes.io/tls']);
      if (r.chance(0.25)) g.options = generatorOptions(r);
      list.push(g);
      if (!g.behavior || g.behavior === 'create') {
        existing.push({ field, name: g.name, dir });
        res.push({ kind: field === 'secretGenerator' ? 'Secret' : 'ConfigMap', name: g.name, apiVersion: 'v1', app: 'gen', generated: true });
      }
    }
    out[field] = list;
  }
  return out;
}

/** A strategic-merge patch of one resource. */
function smPatch(r, t) {
  const p = { apiVersion: t.apiVersion, kind: t.kind, metadata: { name: t.name, namespace: t.ns } };
  if (r.chance(0.4)) p.metadata.labels = { patched: labelValue(r) };
  if (r.chance(0.3)) p.metadata.annotations = r.chance(0.2) ? null : { 'patched/by': stressString(r) };
  const spec = t.obj?.spec;
  if (t.kind === 'Deployment' || t.kind === 'StatefulSet' || t.kind === 'DaemonSet') {
    const c = t.obj.spec.template.spec.containers[0];
    p.spec = {};
    if (t.kind !== 'DaemonSet' && r.chance(0.4)) p.spec.replicas = r.pick([2, 5, null]);
    const pc = { name: c.name };
    switch (r.int(0, 5)) {
      case 0: pc.image = 'patched:1'; break;
      case 1: pc.env = [{ name: 'PATCHED', value: stressString(r) }]; break;
      case 2: pc.args = null; break;
      case 3: pc.resources = { limits: { cpu: '2' } }; break;
      case 4: pc.$patch = 'delete'; break;
      default: pc.ports = [{ containerPort: 9999, name: 'extra' }];
    }
    const tpl = { spec: { containers: [pc] } };
    if (r.chance(0.2)) tpl.spec.containers.push({ name: 'added', image: 'added:1' });
    if (r.chance(0.15)) tpl.spec.affinity = { nodeAffinity: null };
    if (r.chance(0.15)) tpl.metadata = { annotations: r.chance(0.5) ? null : { rolled: stressString(r) } };
    if (r.chance(0.1)) tpl.spec.volumes = [{ name: 'extra', emptyDir: {} }];
    p.spec.template = tpl;
    if (r.chance(0.05)) p.spec = { $patch: 'replace', selector: spec.selector, template: spec.template };
  } else if (t.kind === 'ConfigMap' && !t.generated) {
    p.data = { key: r.chance(0.2) ? null : stressString(r), added: stressString(r) };
  } else if (t.kind === 'Service') {
    p.spec = r.chance(0.5) ? { ports: [{ name: 'http', port: 8080 }] } : { selector: { patched: 'yes' }, type: null };
  } else if (r.chance(0.1)) {
    return { ...p, $patch: 'delete' };
  }
  return p;
}

/** A JSON 6902 patch (as a list of operations) for one resource, mostly on paths it has. */
function jsonPatch(r, t) {
  const ops = [];
  const md = t.obj?.metadata ?? {};
  const spec = t.obj?.spec;
  const n = r.int(1, 3);
  for (let i = 0; i < n; i++) {
    switch (r.int(0, 6)) {
      case 0: ops.push({ op: 'add', path: '/metadata/labels', value: { added: labelValue(r) } }); break;
      case 1:
        if (md.annotations && typeof md.annotations === 'object') ops.push({ op: 'add', path: '/metadata/annotations/json~1patched', value: stressString(r) });
        else ops.push({ op: 'add', path: '/metadata/annotations', value: r.chance(0.3) ? null : { a: stressString(r) } });
        break;
      case 2: ops.push({ op: 'replace', path: '/metadata/name', value: `${t.name}-renamed` }); break;
      case 3:
        if (md.labels !== undefined) ops.push({ op: 'remove', path: '/metadata/labels' });
        else if (spec?.replicas !== undefined) ops.push({ op: 'remove', path: '/spec/replicas' });
        else if (t.obj?.data?.key !== undefined) ops.push({ op: 'remove', path: '/data/key' });
        break;
      case 4:
        if (spec?.template) ops.push({ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'json:2' });
        break;
      case 5:
        if (spec && typeof spec === 'object') ops.push({ op: 'add', path: '/spec/extra', value: r.pick([null, {}, [], stressString(r), [1, null]]) });
        break;
      default: ops.push({ op: 'test', path: '/kind', value: t.kind });
    }
  }
  if (!ops.length) ops.push({ op: 'add', path: '/metadata/labels', value: { added: labelValue(r) } });
  return ops;
}

/** A patch target selecting `t` (by name, kind, regex or label). */
function target(r, t) {
  switch (r.int(0, 4)) {
    case 0: return { kind: t.kind, name: t.name };
    case 1: return { group: t.apiVersion.includes('/') ? t.apiVersion.split('/')[0] : '', version: t.apiVersion.split('/').pop(), kind: t.kind, name: t.name };
    case 2: return { kind: t.kind, name: `${t.name.slice(0, 2)}.*` };
    case 3: return { labelSelector: `app=${t.app}` };
    default: return { name: t.name };
  }
}

/** patches, patchesStrategicMerge and patchesJson6902 of an overlay; files go to `files`. */
function genPatches(r, dir, files, res, k) {
  const targets = res.filter((t) => t.obj || t.generated);
  if (!targets.length) return;
  const n = r.int(0, 4);
  for (let i = 0; i < n; i++) {
    const t = r.pick(targets);
    const style = r.int(0, 5);
    if (style <= 1) {
      const p = smPatch(r, t);
      const entry = {};
      if (r.chance(0.5)) {
        files.push(yamlFile(`${dir}/patch-${i}.yaml`, [p], r.chance(0.1)));
        entry.path = `patch-${i}.yaml`;
      } else {
        entry.patch = stringify(clean(p), { version: '1.1', lineWidth: 0 });
      }
      if (r.chance(0.3)) entry.target = target(r, t);
      if (r.chance(0.1)) entry.options = { allowNameChange: r.chance(0.5), allowKindChange: false };
      (k.patches ??= []).push(entry);
    } else if (style === 2) {
      files.push(yamlFile(`${dir}/sm-${i}.yaml`, [smPatch(r, t)]));
      (k.patchesStrategicMerge ??= []).push(`sm-${i}.yaml`);
    } else if (style <= 4) {
      const ops = jsonPatch(r, t);
      const entry = { target: target(r, t) };
      if (r.chance(0.5)) {
        files.push(yamlFile(`${dir}/json-${i}.yaml`, [ops], r.chance(0.3)));
        entry.path = `json-${i}.yaml`;
      } else {
        entry.patch = stringify(clean(ops), { version: '1.1', lineWidth: 0 });
      }
      (k.patches ??= []).push(entry);
    } else {
      const ops = jsonPatch(r, t);
      files.push(yamlFile(`${dir}/legacy-json-${i}.yaml`, [ops]));
      const tg = target(r, t);
      (k.patchesJson6902 ??= []).push({
        target: { group: tg.group, version: t.apiVersion.split('/').pop(), kind: t.kind, name: t.name },
        path: `legacy-json-${i}.yaml`,
      });
    }
  }
}

/** vars and replacements that read fields of the tree's resources. */
function genVarsAndReplacements(r, res, k) {
  const svc = res.find((t) => t.kind === 'Service');
  const cm = res.find((t) => t.kind === 'ConfigMap' && t.obj);
  if (svc && r.chance(0.3)) {
    k.vars = [{ name: 'SVC_NAME', objref: { kind: 'Service', name: svc.name, apiVersion: 'v1' }, fieldref: { fieldpath: 'metadata.name' } }];
    if (cm && r.chance(0.5)) k.vars.push({ name: 'CM_NAME', objref: { kind: 'ConfigMap', name: cm.name, apiVersion: 'v1' } });
  }
  if (cm && r.chance(0.3)) {
    const targets = [];
    const wl = res.find((t) => t.obj?.spec?.template);
    if (wl) {
      targets.push({
        select: { kind: wl.kind, name: r.chance(0.5) ? wl.name : undefined },
        fieldPaths: [r.pick(['spec.template.spec.containers.0.image', 'metadata.annotations.from-config', 'spec.template.spec.containers.[name=' + wl.obj.spec.template.spec.containers[0].name + '].env.0.value'])],
        options: r.chance(0.5) ? { create: true } : r.chance(0.5) ? { delimiter: ':', index: r.int(0, 1) } : undefined,
      });
    }
    targets.push({ select: { kind: 'ConfigMap' }, reject: [{ name: cm.name }], fieldPaths: ['data.copied'], options: { create: true } });
    k.replacements = [{ source: { kind: 'ConfigMap', name: cm.name, fieldPath: r.chance(0.05) ? 'data.missing' : r.pick(['data.key', 'metadata.name']) }, targets }];
  }
}

/** A component with its own patches, labels or generated objects. */
function genComponent(r, files, res, existing) {
  const dir = 'components/extra';
  const k = { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component' };
  if (r.chance(0.5)) k.commonLabels = { component: 'extra' };
  else k.commonAnnotations = { component: stressString(r) };
  if (r.chance(0.4)) {
    const obj = makeResource(r, 'ConfigMap', 'component-config', 'component', {}, undefined);
    files.push(yamlFile(`${dir}/config.yaml`, [obj]));
    k.resources = ['config.yaml'];
    res.push({ kind: 'ConfigMap', name: 'component-config', apiVersion: 'v1', app: 'component', obj });
  }
  Object.assign(k, genGenerators(r, dir, files, res, 'create', existing));
  genPatches(r, dir, files, res, k);
  files.push(yamlFile(`${dir}/kustomization.yaml`, [k]));
  return `../${dir}`;
}

/** The overlay at the root: the base, transformers, patches, vars, replacements, components. */
function genOverlay(r, ctx, files) {
  const res = ctx.res;
  const existing = res.filter((t) => t.generated).map((t) => ({ field: t.kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator', name: t.name }));
  const k = { resources: ['../base'] };
  if (r.chance(0.5)) Object.assign(k, { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' });
  if (r.chance(0.4)) k.namespace = r.pick(['staging', 'prod', 'team-a']);
  if (r.chance(0.3)) k.namePrefix = r.pick(['dev-', 'x-', 'p.']);
  if (r.chance(0.2)) k.nameSuffix = r.pick(['-v2', '-1']);
  if (r.chance(0.3)) {
    if (r.chance(0.5)) k.commonLabels = { env: labelValue(r) };
    else k.labels = [{ pairs: { env: labelValue(r) }, includeSelectors: r.chance(0.3), includeTemplates: r.chance(0.5) }];
  }
  if (r.chance(0.3)) k.commonAnnotations = { 'team/owner': stressString(r) };
  if (r.chance(0.2)) k.images = [{ name: r.pick(['nginx', 'busybox', 'registry.io/team/app']), newTag: r.pick(['2.0', '1.25']), newName: r.chance(0.3) ? 'mirror.io/x' : undefined }];
  const workloads = res.filter((t) => t.kind === 'Deployment' || t.kind === 'StatefulSet');
  if (workloads.length && r.chance(0.2)) k.replicas = [{ name: r.pick(workloads).name, count: r.int(0, 4) }];
  if (r.chance(0.25)) k.components = [genComponent(r, files, res, existing)];
  Object.assign(k, genGenerators(r, 'overlay', files, res, 'create', existing));
  genPatches(r, 'overlay', files, res, k);
  genVarsAndReplacements(r, res, k);
  if (r.chance(0.1)) k.sortOptions = { order: r.pick(['fifo', 'legacy']) };
  if (ctx.features.has('empty-fields') && r.chance(0.2)) k[r.pick(['patches', 'components', 'vars', 'configMapGenerator'])] ??= r.pick([null, []]);
  files.push(yamlFile('overlay/kustomization.yaml', [ctx.features.has('field-case') ? recase(r, k) : k]));
}

/**
 * A random tree for `seed`: `base/` (resources, generators) and `overlay/` (the root to build),
 * sometimes with `components/`. `features` lists optional features to include.
 */
export function generateTree(seed, features = []) {
  const r = new Random(seed);
  const ctx = { features: new Set(features), res: [] };
  const files = genBase(r, ctx);
  genOverlay(r, ctx, files);
  return { seed, root: 'overlay', files };
}
