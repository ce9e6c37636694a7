/**
 * The builtin transformers in kustomize's order. Each kustomization runs them over its resources
 * after generators and components. Steps owned by other stages (patches, replacements) register
 * here too, so that this list is the one place the order is written.
 */
import type { BuiltinStep } from './context.js';
import { namespaceStep } from './namespace.js';
import { namePrefixStep, nameSuffixStep } from './prefixsuffix.js';
import { labelsStep } from './labels.js';
import { annotationsStep } from './annotations.js';
import { replicasStep } from './replicas.js';
import { imagesStep } from './images.js';
import { replacementsStep } from './replacements.js';
import { patchesStrategicMergeStep, patchesStep, patchesJson6902Step } from '../merge/index.js';

export type { BuiltinStep, TargetContext } from './context.js';
export { setNamespace } from './namespace.js';
export { addPrefixSuffix } from './prefixsuffix.js';
export { setPairs } from './setfields.js';
export { setReplicas } from './replicas.js';
export { setImages, splitImage } from './images.js';

/** kustomize's builtin transformer order. */
export const BUILTIN_STEPS: BuiltinStep[] = [
  patchesStrategicMergeStep,
  patchesStep,
  namespaceStep,
  namePrefixStep,
  nameSuffixStep,
  labelsStep,
  annotationsStep,
  patchesJson6902Step,
  replicasStep,
  imagesStep,
  replacementsStep,
];
