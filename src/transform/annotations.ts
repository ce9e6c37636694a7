/** commonAnnotations: metadata annotations and pod-template annotations. */
import type { BuiltinStep } from './context.js';
import { setPairs } from './setfields.js';

export const annotationsStep: BuiltinStep = {
  field: 'commonAnnotations',
  run(m, ctx) {
    if (ctx.k.commonAnnotations) setPairs(m, ctx.k.commonAnnotations, ctx.tables.commonAnnotations);
  },
};
