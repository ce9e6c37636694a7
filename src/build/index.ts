/** The build stage: kustomizations, accumulation and the top-level finish. */
export { build, emitResource, type BuildOptions, type BuildResult } from './build.js';
export { type LoadRestrictor } from './trace.js';
export { type Kustomization, kustomizationSchema } from '../kustomization/schema.js';
