/**
 * The patch stage: strategic merge and JSON 6902 patches. The builtins PatchTransformer,
 * PatchStrategicMergeTransformer and PatchJson6902Transformer (src/builtins/) apply them, and
 * generators use the strategic merge for `behavior: merge`.
 */
export { strategicMerge, DELETED } from './strategic.js';
export { applyJson6902, toJsonOps, type JsonOp } from './json6902.js';
export { selectTargets, parseSelector, targetText, type Target } from './select.js';
export { MergeSchema, SchemaNode, builtinMergeSchema, type FieldFacts } from './schema.js';
export { mergeSchemaFromOpenApi } from './openapi.js';
export {
  applyPatchEntry, applyStrategicMergeEntries, applyJson6902Entry, applyLoadedPatch, applySmToResource,
  loadPatchText, mergeSchemaFor, type PatchEntry, type LoadedPatch, type Json6902Entry,
} from './patches.js';
