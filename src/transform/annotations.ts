/** commonAnnotations: metadata annotations and pod-template annotations. */
import type { BuiltinStep } from './context.js';
import { checkLegacyPairKeys, setPairs } from './setfields.js';

export const annotationsStep: BuiltinStep = {
  field: 'commonAnnotations',
  run(m, ctx) {
    if (ctx.k.commonAnnotations) checkLegacyPairKeys(ctx.k.commonAnnotations, 'commonAnnotations', ctx, m.size);
    if (ctx.k.commonAnnotations) setPairs(m, ctx.k.commonAnnotations, ctx.tables.commonAnnotations);
  },
};
