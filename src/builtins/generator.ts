/**
 * What ConfigMapGenerator and SecretGenerator share: their config fields, and reading a plugin
 * config into the arguments of the kustomization entry it mirrors.
 */
import { shape } from '../kustomization/shape.js';
import { generatorOptionsSchema, type GeneratorArgs } from '../kustomization/schema.js';
import type { GeneratorConfig } from '../generate/index.js';
import type { TargetContext } from '../transform/context.js';
import type { YMap } from '../yaml/index.js';
import { META, metadataOf, optionalText } from './config.js';

/** The fields of kustomize's GeneratorArgs as a plugin config lists them. */
export const GENERATOR_FIELDS = {
  ...META, name: optionalText, namespace: optionalText, behavior: optionalText, literals: shape.array(shape.string()).optional(),
  files: shape.array(shape.string()).optional(), envs: shape.array(shape.string()).optional(), env: optionalText,
  options: generatorOptionsSchema.optional(),
};

/** A generator plugin config as the arguments of a first `field` entry (it sees no generatorOptions). */
export function readGeneratorConfig(obj: YMap, field: GeneratorConfig['field']): GeneratorConfig {
  const md = metadataOf(obj);
  const args: GeneratorArgs = {};
  // The config's own name and namespace win over its metadata's, as in kustomize.
  if (typeof md.name === 'string') args.name = md.name;
  if (typeof md.namespace === 'string') args.namespace = md.namespace;
  for (const key of ['name', 'namespace', 'behavior', 'literals', 'files', 'envs', 'type', 'options'] as const) {
    if ((key === 'name' || key === 'namespace') && !obj[key]) continue;
    if (obj[key] !== undefined) (args as Record<string, unknown>)[key] = obj[key];
  }
  if (typeof obj.env === 'string') args.envs = [...(args.envs ?? []), obj.env];
  return { args, field, index: 0 };
}

/** The configs of a kustomization generator field, each seeing the kustomization's generatorOptions. */
export function fieldConfigs(ctx: TargetContext, field: GeneratorConfig['field']): GeneratorConfig[] {
  return (ctx.k[field] ?? []).map((args, index) => ({ args, field, index, globalOptions: ctx.k.generatorOptions }));
}
