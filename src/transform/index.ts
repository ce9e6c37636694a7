/**
 * The builtin transformers' own rules (namespace, prefix and suffix, label and annotation pairs,
 * replicas, images, replacements). src/builtins/ makes plugins of them, in kustomize's order.
 */
export type { TargetContext } from './context.js';
export { setNamespace } from './namespace.js';
export { addPrefixSuffix } from './prefixsuffix.js';
export { setPairs } from './setfields.js';
export { setReplicas } from './replicas.js';
export { setImages, splitImage } from './images.js';
