/**
 * The builtin registry, keyed by plugin kind. Its order is kustomize's: the generators, then the
 * transformers as a kustomization's fields compile to them, then kinds only configs name or only
 * the top of a build runs. Adding a builtin is its module and one line here.
 */
import { register, type RegisteredBuiltin, type Role } from './builtin.js';
import { configMapGenerator } from './configmapgenerator.js';
import { secretGenerator } from './secretgenerator.js';
import { iamPolicyGenerator } from './iampolicy.js';
import { patchStrategicMergeTransformer } from './patchstrategicmerge.js';
import { patchTransformer } from './patch.js';
import { namespaceTransformer } from './namespace.js';
import { prefixTransformer } from './prefix.js';
import { suffixTransformer } from './suffix.js';
import { labelTransformer } from './labels.js';
import { annotationsTransformer } from './annotations.js';
import { patchJson6902Transformer } from './patchjson6902.js';
import { replicaCountTransformer } from './replicas.js';
import { imageTagTransformer } from './images.js';
import { replacementTransformer } from './replacements.js';
import { prefixSuffixTransformer } from './prefixsuffix.js';
import { hashTransformer } from './hash.js';
import { sortOrderTransformer } from './sortorder.js';

export type { Builtin, BoundStep, ConfigPlace, RegisteredBuiltin, Role } from './builtin.js';
export { hashTransformer, sortOrderTransformer };

/** Every builtin kfm runs, in kustomize's order. */
export const BUILTINS: readonly RegisteredBuiltin[] = [
  register(configMapGenerator),
  register(secretGenerator),
  register(iamPolicyGenerator),
  register(patchStrategicMergeTransformer),
  register(patchTransformer),
  register(namespaceTransformer),
  register(prefixTransformer),
  register(suffixTransformer),
  register(labelTransformer),
  register(annotationsTransformer),
  register(patchJson6902Transformer),
  register(replicaCountTransformer),
  register(imageTagTransformer),
  register(replacementTransformer),
  register(prefixSuffixTransformer),
  register(hashTransformer),
  register(sortOrderTransformer),
];

const byKind = new Map(BUILTINS.map((b) => [b.kind, b]));

/** The builtin of `kind`, if kfm has it. */
export function builtinOf(kind: unknown): RegisteredBuiltin | undefined {
  return typeof kind === 'string' ? byKind.get(kind) : undefined;
}

/** The builtins of `role`, in order. */
export function builtinsOf(role: Role): RegisteredBuiltin[] {
  return BUILTINS.filter((b) => b.role === role);
}

/** The kinds a `generators:` (role generator) or `transformers:` entry may name, for messages. */
export function configurableKinds(role?: Role): string[] {
  return BUILTINS.filter((b) => b.plugin && (!role || b.role === role)).map((b) => b.kind);
}
