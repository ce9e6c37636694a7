/** Metadata shared by generated ConfigMaps and Secrets. */
import type { GeneratorArgs } from '../kustomization/schema.js';
import type { YMap } from '../yaml/index.js';
import type { GenOptions } from './options.js';
import { mapOf } from '../yaml/map.js';

/** name, namespace, labels and annotations of a generated object (empty maps left out). */
export function generatedMetadata(args: GeneratorArgs, opts: GenOptions): YMap {
  const md = mapOf({ name: args.name ?? '' });
  if (args.namespace) md.namespace = args.namespace;
  if (Object.keys(opts.labels).length) md.labels = mapOf(opts.labels);
  if (Object.keys(opts.annotations).length) md.annotations = mapOf(opts.annotations);
  return md;
}
