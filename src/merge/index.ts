/**
 * The patch stage: strategic merge and JSON 6902 patches (`patchesStrategicMerge`, `patches`,
 * `patchesJson6902`), registered in the builtin step order. The functions below are exported for
 * the `transformers:` plugin configs (PatchTransformer etc.) and generator `behavior: merge`.
 */
import type { BuiltinStep } from '../transform/context.js';
import { applyPatchEntries, applyStrategicMergeEntries, applyJson6902Entries } from './patches.js';

export { strategicMerge, DELETED } from './strategic.js';
export { applyJson6902, toJsonOps, type JsonOp } from './json6902.js';
export { selectTargets, parseSelector, targetText, type Target } from './select.js';
export { MergeSchema, SchemaNode, builtinMergeSchema, type FieldFacts } from './schema.js';
export { mergeSchemaFromOpenApi } from './openapi.js';
export {
  applyPatchEntries, applyStrategicMergeEntries, applyJson6902Entries, applyLoadedPatch, applySmToResource,
  loadPatchText, mergeSchemaFor, type PatchEntry, type LoadedPatch, type Json6902Entry,
} from './patches.js';

export const patchesStrategicMergeStep: BuiltinStep = {
  field: 'patchesStrategicMerge',
  run(m, ctx) {
    if (ctx.k.patchesStrategicMerge?.length) applyStrategicMergeEntries(m, ctx.k.patchesStrategicMerge, ctx);
  },
};

export const patchesStep: BuiltinStep = {
  field: 'patches',
  run(m, ctx) {
    if (ctx.k.patches?.length) applyPatchEntries(m, ctx.k.patches, ctx);
  },
};

export const patchesJson6902Step: BuiltinStep = {
  field: 'patchesJson6902',
  run(m, ctx) {
    if (ctx.k.patchesJson6902?.length) applyJson6902Entries(m, ctx.k.patchesJson6902, ctx);
  },
};
