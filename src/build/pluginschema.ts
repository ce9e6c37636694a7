/**
 * The fields of each builtin plugin config kfm runs, as kustomize's plugin structs declare them.
 * kustomize decodes these configs leniently: unknown fields are ignored, and field names match
 * case-insensitively, except for PrefixSuffixTransformer, which kustomize reads with a YAML decoder
 * that matches names exactly.
 */
import { z } from 'zod';
import {
  fieldSpecSchema, generatorOptionsSchema, imageSchema, replacementFieldSchema, selectorSchema,
} from './kustomization.js';
import type { GoDecodeOptions } from './decode.js';

const str = z.string().optional();
const fieldSpecs = z.array(fieldSpecSchema).optional();
// apiVersion, kind and metadata are read as written (kustomize reads them as resource metadata).
const meta = { apiVersion: z.unknown().optional(), kind: z.unknown().optional(), metadata: z.unknown().optional() };
const generator = {
  ...meta, name: str, namespace: str, behavior: str, literals: z.array(z.string()).optional(),
  files: z.array(z.string()).optional(), envs: z.array(z.string()).optional(), env: str,
  options: generatorOptionsSchema.optional(),
};

/** Schema and decoding options of each builtin plugin kind kfm runs. */
export const PLUGIN_CONFIGS: Record<string, { schema: z.ZodType; decode: GoDecodeOptions }> = {
  PrefixSuffixTransformer: { schema: z.object({ ...meta, prefix: str, suffix: str, fieldSpecs }), decode: { fold: false } },
  LabelTransformer: { schema: z.object({ ...meta, labels: z.record(z.string(), z.string()).optional(), fieldSpecs }), decode: {} },
  AnnotationsTransformer: { schema: z.object({ ...meta, annotations: z.record(z.string(), z.string()).optional(), fieldSpecs }), decode: {} },
  NamespaceTransformer: { schema: z.object({ ...meta, unsetOnly: z.boolean().optional(), setRoleBindingSubjects: str, fieldSpecs }), decode: {} },
  ImageTagTransformer: { schema: z.object({ ...meta, imageTag: imageSchema.optional(), fieldSpecs }), decode: {} },
  ReplicaCountTransformer: {
    schema: z.object({ ...meta, replica: z.object({ name: str, count: z.number().int().optional() }).optional(), fieldSpecs }),
    decode: {},
  },
  PatchTransformer: {
    schema: z.object({ ...meta, path: str, patch: str, target: selectorSchema.optional(), options: z.record(z.string(), z.boolean()).optional() }),
    decode: {},
  },
  PatchStrategicMergeTransformer: { schema: z.object({ ...meta, paths: z.array(z.string()).optional(), patches: str }), decode: {} },
  PatchJson6902Transformer: { schema: z.object({ ...meta, target: selectorSchema.optional(), path: str, jsonOp: str }), decode: {} },
  ReplacementTransformer: { schema: z.object({ ...meta, replacements: z.array(replacementFieldSchema).optional() }), decode: {} },
  ConfigMapGenerator: { schema: z.object(generator), decode: {} },
  SecretGenerator: { schema: z.object({ ...generator, type: str }), decode: {} },
};
