/** AnnotationsTransformer: `commonAnnotations` (metadata and pod-template annotations), or a config of that kind. */
import { z } from 'zod';
import type { Builtin } from './builtin.js';
import { applyPairs, type PairsConfig } from './pairs.js';
import { fieldSpecList, fieldSpecsOf, META, stringMapOf } from './config.js';

export const annotationsTransformer: Builtin<PairsConfig> = {
  kind: 'AnnotationsTransformer',
  role: 'transformer',
  plugin: {
    schema: z.object({ ...META, annotations: z.record(z.string(), z.string()).optional(), fieldSpecs: fieldSpecList }),
    read: (obj, p) => ({ pairs: stringMapOf(obj, 'annotations', p), fieldSpecs: fieldSpecsOf(obj, p) }),
  },
  fromKustomization: ({ k, tables }) => (k.commonAnnotations && Object.keys(k.commonAnnotations).length
    ? [{ pairs: k.commonAnnotations, fieldSpecs: tables.commonAnnotations, field: 'commonAnnotations' }]
    : []),
  apply: applyPairs,
};
