// Each builtin module's own rules, on small resource lists: what a config reads, what a
// kustomization field compiles to, and what apply does at the edges. Whole builds are the fixtures'.
import { describe, expect, it } from 'vitest';
import { Resource, ResMap } from '../../src/resource/index.js';
import { defaultTables, parseTable } from '../../src/fieldspec/index.js';
import { BuildError } from '../../src/errors.js';
import type { TargetContext } from '../../src/transform/index.js';
import type { Kustomization } from '../../src/kustomization/schema.js';
import type { YMap } from '../../src/yaml/index.js';
import type { ConfigPlace } from '../../src/builtins/index.js';
import { namespaceTransformer } from '../../src/builtins/namespace.js';
import { replicaCountTransformer } from '../../src/builtins/replicas.js';
import { prefixSuffixTransformer } from '../../src/builtins/prefixsuffix.js';
import { imageTagTransformer } from '../../src/builtins/images.js';
import { patchStrategicMergeTransformer } from '../../src/builtins/patchstrategicmerge.js';
import { patchTransformer } from '../../src/builtins/patch.js';
import { readGeneratorConfig } from '../../src/builtins/generator.js';
import { hashTransformer } from '../../src/builtins/hash.js';
import { sortOrderTransformer } from '../../src/builtins/sortorder.js';
import { iamPolicyGenerator } from '../../src/builtins/iampolicy.js';
import { labelTransformer } from '../../src/builtins/labels.js';

const place: ConfigPlace = { file: 'k.yaml', field: 'transformers[0]', what: "Kind 'x'" };

function ctxOf(k: Kustomization): TargetContext {
  return { dir: '/x', file: '/x/kustomization.yaml', k, tables: defaultTables() } as TargetContext;
}

function resources(...objs: object[]): ResMap {
  const m = new ResMap();
  for (const o of objs) m.append(new Resource(structuredClone(o) as YMap, 'r.yaml'));
  return m;
}

const deployment = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 1 } });
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } });

describe('NamespaceTransformer', () => {
  it('reads the namespace from the config metadata and always sets metadata/namespace', () => {
    const c = namespaceTransformer.plugin!.read({ metadata: { namespace: 'ns' }, fieldSpecs: [] } as YMap, place, ctxOf({}));
    expect(c.namespace).toBe('ns');
    expect(c.fieldSpecs.map((s) => s.path)).toEqual(['metadata/namespace']);
  });

  it('changes nothing for a config without a namespace', () => {
    const m = resources(configMap('a'));
    const c = namespaceTransformer.plugin!.read({ metadata: {} } as YMap, place, ctxOf({}));
    namespaceTransformer.apply(m, c, ctxOf({}));
    expect((m.all()[0].obj.metadata as YMap).namespace).toBeUndefined();
  });

  it('compiles the namespace field only when it is set', () => {
    expect(namespaceTransformer.fromKustomization!(ctxOf({ namespace: '' }))).toEqual([]);
    expect(namespaceTransformer.fromKustomization!(ctxOf({ namespace: 'ns' }))).toHaveLength(1);
  });
});

describe('ReplicaCountTransformer', () => {
  it('fails a kustomization entry that changes nothing, naming the entry', () => {
    const [c] = replicaCountTransformer.fromKustomization!(ctxOf({ replicas: [{ name: 'nope', count: 2 }] }));
    expect(() => replicaCountTransformer.apply(resources(deployment('d')), c, ctxOf({}))).toThrow(/replicas\[0\]: no resource named 'nope'/);
  });

  it('lets a config miss, but not hit a resource of a kind its fieldSpecs leave out', () => {
    const read = (fieldSpecs: object[]) => replicaCountTransformer.plugin!.read({ replica: { name: 'd', count: 3 }, fieldSpecs } as YMap, place, ctxOf({}));
    const m = resources(deployment('d'));
    replicaCountTransformer.apply(resources(configMap('c')), read([{ path: 'spec/replicas', kind: 'Deployment' }]), ctxOf({}));
    replicaCountTransformer.apply(m, read([{ path: 'spec/replicas', kind: 'Deployment' }]), ctxOf({}));
    expect((m.all()[0].obj.spec as YMap).replicas).toBe(3);
    expect(() => replicaCountTransformer.apply(m, read([{ path: 'spec/replicas', kind: 'StatefulSet' }]), ctxOf({}))).toThrow(BuildError);
  });

  it('needs a name and a count in a config', () => {
    expect(() => replicaCountTransformer.plugin!.read({ replica: { name: 'd' } } as YMap, place, ctxOf({}))).toThrow(/replica needs a name and a count/);
  });
});

describe('PrefixSuffixTransformer', () => {
  it('needs fieldSpecs, and treats an empty prefix as none', () => {
    expect(() => prefixSuffixTransformer.plugin!.read({ prefix: 'p-' } as YMap, place, ctxOf({}))).toThrow(/fieldSpecs is required/);
    const c = prefixSuffixTransformer.plugin!.read({ prefix: '', suffix: '-s', fieldSpecs: [{ path: 'metadata/name' }] } as YMap, place, ctxOf({}));
    expect(c.prefix).toBeUndefined();
    const m = resources(configMap('a'));
    prefixSuffixTransformer.apply(m, c, ctxOf({}));
    expect(m.all()[0].name).toBe('a-s');
  });
});

describe('ImageTagTransformer', () => {
  it('needs an imageTag in a config; one config per images entry', () => {
    expect(() => imageTagTransformer.plugin!.read({} as YMap, place, ctxOf({}))).toThrow(/imageTag .* is required/);
    expect(imageTagTransformer.fromKustomization!(ctxOf({ images: [{ name: 'a' }, { name: 'b' }] }))).toHaveLength(2);
  });
});

describe('patch transformers', () => {
  it('PatchStrategicMergeTransformer reads paths, then inline patches unless blank', () => {
    const read = (o: object) => patchStrategicMergeTransformer.plugin!.read(o as YMap, place, ctxOf({})).entries;
    expect(read({ paths: ['a.yaml'], patches: 'kind: X\n' })).toEqual(['a.yaml', 'kind: X\n']);
    expect(read({ paths: ['a.yaml'], patches: '  \n' })).toEqual(['a.yaml']);
  });

  it('PatchStrategicMergeTransformer compiles the whole legacy list into one transformer', () => {
    expect(patchStrategicMergeTransformer.fromKustomization!(ctxOf({ patchesStrategicMerge: ['a', 'b'] }))).toEqual([{ entries: ['a', 'b'], field: 'patchesStrategicMerge' }]);
  });

  it('PatchTransformer names each patch by its entry', () => {
    expect(patchTransformer.fromKustomization!(ctxOf({ patches: [{ path: 'a' }, { path: 'b' }] })).map((c) => c.field)).toEqual(['patches[0]', 'patches[1]']);
    expect(patchTransformer.plugin!.read({ path: 'a' } as YMap, place, ctxOf({})).field).toBe('transformers[0][0]');
  });
});

describe('generators', () => {
  it('a config\'s own name and namespace win over its metadata, and env joins envs', () => {
    const c = readGeneratorConfig({ metadata: { name: 'm', namespace: 'mn' }, name: 'own', env: 'e.env', envs: ['a.env'] } as YMap, 'configMapGenerator');
    expect(c.args).toMatchObject({ name: 'own', namespace: 'mn', envs: ['a.env', 'e.env'] });
    expect(c.globalOptions).toBeUndefined();
  });
});

describe('HashTransformer', () => {
  it('suffixes generated objects that ask for it, and nothing else', () => {
    const m = resources(configMap('a'), configMap('b'), configMap('c'));
    const [a, b] = m.all();
    a.generated = { behavior: 'create', hashSuffix: true };
    b.generated = { behavior: 'create', hashSuffix: false };
    hashTransformer.apply(m, {}, ctxOf({}));
    expect(m.all().map((r) => r.name)).toEqual([expect.stringMatching(/^a-[a-z0-9]{10}$/), 'b', 'c']);
  });
});

describe('SortOrderTransformer', () => {
  it('keeps input order for fifo and puts Namespaces first in legacy order', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } };
    const fifo = resources(configMap('a'), ns);
    sortOrderTransformer.apply(fifo, { order: 'fifo' }, ctxOf({}));
    expect(fifo.all().map((r) => r.kind)).toEqual(['ConfigMap', 'Namespace']);
    const legacy = resources(configMap('a'), ns);
    sortOrderTransformer.apply(legacy, undefined, ctxOf({}));
    expect(legacy.all().map((r) => r.kind)).toEqual(['Namespace', 'ConfigMap']);
  });
});

describe('IAMPolicyGenerator', () => {
  const read = (o: object) => iamPolicyGenerator.plugin!.read(o as YMap, place, ctxOf({}));
  it('knows only GKE and needs the Kubernetes service account name', () => {
    expect(() => read({ cloud: 'aws', kubernetesService: { name: 'k' } })).toThrow(/cloud provider aws not supported/);
    expect(() => read({ cloud: 'gke' })).toThrow(/kubernetesService.name is required/);
  });

  it('makes a ServiceAccount annotated with the Google service account, namespaced only when asked', () => {
    const m = new ResMap();
    iamPolicyGenerator.apply(m, read({ cloud: 'gke', kubernetesService: { name: 'k' }, serviceAccount: { name: 'g', projectId: 'p' } }), ctxOf({}));
    const md = m.all()[0].obj.metadata as YMap;
    expect(md).toEqual({ annotations: { 'iam.gke.io/gcp-service-account': 'g@p.iam.gserviceaccount.com' }, name: 'k' });
  });
});

describe('LabelTransformer', () => {
  it('refuses commonLabels keys kustomize fails on, but not in a config', () => {
    const m = resources(configMap('a'));
    const [c] = labelTransformer.fromKustomization!(ctxOf({ commonLabels: { on: 'x' } }));
    expect(() => labelTransformer.apply(m, c, ctxOf({}))).toThrow(/commonLabels\.on/);
    const fromConfig = labelTransformer.plugin!.read({ labels: { on: 'x' }, fieldSpecs: parseTable([{ path: 'metadata/labels', create: true }]) } as YMap, place, ctxOf({}));
    labelTransformer.apply(m, fromConfig, ctxOf({}));
    expect((m.all()[0].obj.metadata as YMap).labels).toEqual({ on: 'x' });
  });
});
