/**
 * The patch stage: strategic merge and JSON 6902 patches (`patchesStrategicMerge`, `patches`,
 * `patchesJson6902`), registered in the builtin step order.
 */
import { BuildError } from '../errors.js';
import type { BuiltinStep } from '../transform/context.js';

const notYet = (field: string): BuiltinStep => ({
  field,
  run(_m, ctx) {
    const v = (ctx.k as Record<string, unknown>)[field];
    if (Array.isArray(v) && v.length) throw new BuildError(`${field} is not supported yet`, { file: ctx.file, field });
  },
});

export const patchesStrategicMergeStep = notYet('patchesStrategicMerge');
export const patchesStep = notYet('patches');
export const patchesJson6902Step = notYet('patchesJson6902');
