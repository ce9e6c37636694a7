/** replacements: copy a value from one resource field into others. */
import { BuildError } from '../errors.js';
import type { BuiltinStep } from './context.js';

export const replacementsStep: BuiltinStep = {
  field: 'replacements',
  run(_m, ctx) {
    if (ctx.k.replacements?.length) throw new BuildError('replacements are not supported yet', { file: ctx.file, field: 'replacements' });
  },
};
