/** AnnotationsTransformer: `commonAnnotations` (metadata and pod-template annotations), or a config of that kind. */
import type { Builtin } from './builtin.js';
import { applyPairs, pairsPlugin, type PairsConfig } from './pairs.js';

export const annotationsTransformer: Builtin<PairsConfig> = {
  kind: 'AnnotationsTransformer',
  role: 'transformer',
  plugin: pairsPlugin('annotations'),
  fromKustomization: ({ k, tables }) => (k.commonAnnotations && Object.keys(k.commonAnnotations).length
    ? [{ pairs: k.commonAnnotations, fieldSpecs: tables.commonAnnotations, field: 'commonAnnotations' }]
    : []),
  apply: applyPairs,
};
