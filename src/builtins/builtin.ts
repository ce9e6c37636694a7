/**
 * The shape of a builtin plugin: one module per kind, as kustomize has one plugin per kind. A
 * kustomization's own fields compile to configs of these kinds (kustomize's
 * transformerConfigurators), and `generators:`/`transformers:` entries decode to the same configs,
 * so both paths run the same `apply`.
 */
import type { z } from 'zod';
import type { ErrorPlace } from '../errors.js';
import type { ResMap } from '../resource/index.js';
import type { TargetContext } from '../transform/context.js';
import type { YMap } from '../yaml/index.js';
import type { GoDecodeOptions } from '../kustomization/decode.js';

/** Where a plugin config was listed, for its messages. */
export interface ConfigPlace extends ErrorPlace {
  field: string;
  /** The config as messages name it: its kind and metadata.name. */
  what: string;
}

/** What a plugin does: make resources, or change the ones there are. */
export type Role = 'generator' | 'transformer';

/** How a `generators:`/`transformers:` entry of a kind is read into its config. */
export interface PluginConfig<C> {
  /** The fields of kustomize's plugin struct (the raw config is decoded by Go's rules first). */
  schema: z.ZodType;
  decode?: GoDecodeOptions;
  /** The decoded object as a config, checking what the schema cannot. */
  read(obj: YMap, place: ConfigPlace, ctx: TargetContext): C;
}

/** One builtin plugin kind, with its config type `C`. */
export interface Builtin<C> {
  kind: string;
  role: Role;
  /** How a listed config is read; absent for kinds kustomize cannot load from a config. */
  plugin?: PluginConfig<C>;
  /**
   * The configs a kustomization's own fields compile to, one per plugin kustomize would make;
   * absent for kinds that no field of a kustomization makes.
   */
  fromKustomization?(ctx: TargetContext): C[];
  apply(m: ResMap, config: C, ctx: TargetContext): void;
}

/** A step ready to run: one config bound to its builtin's `apply`. */
export type BoundStep = (m: ResMap) => void;

/** A builtin with its config type hidden, as the registry holds it. */
export interface RegisteredBuiltin {
  kind: string;
  role: Role;
  plugin?: Omit<PluginConfig<BoundStep>, 'read'> & { read(obj: YMap, place: ConfigPlace, ctx: TargetContext): BoundStep };
  fromKustomization(ctx: TargetContext): BoundStep[];
}

/** Binds each config of `b` to its `apply`, so that builtins of any config type share one list. */
export function register<C>(b: Builtin<C>): RegisteredBuiltin {
  const bind = (c: C, ctx: TargetContext): BoundStep => (m) => b.apply(m, c, ctx);
  const p = b.plugin;
  return {
    kind: b.kind,
    role: b.role,
    plugin: p && { schema: p.schema, decode: p.decode, read: (obj, place, ctx) => bind(p.read(obj, place, ctx), ctx) },
    fromKustomization: (ctx) => (b.fromKustomization?.(ctx) ?? []).map((c) => bind(c, ctx)),
  };
}
