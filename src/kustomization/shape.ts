/**
 * Schemas of the kustomization file and of builtin plugin configs, kept as plain data with zod's
 * API and types. Checking a valid file needs no zod; only a file that does not conform loads zod
 * (from node_modules, on demand) and builds the same schema with it, for zod's exact messages.
 * Loading zod took about 80 ms of every build (its import, building the schemas, its first
 * checks), and nearly every build reads valid files.
 */
import { createRequire } from 'node:module';
import type { z } from 'zod';
import { isMap } from '../yaml/map.js';

/** The builders the schemas use, typed as zod's so that `z.infer` describes what they accept. */
type Builders = Pick<typeof z, 'object' | 'array' | 'string' | 'boolean' | 'unknown' | 'record' | 'number' | 'enum'>;

/** A schema's definition, in the fields of zod's `def` that decode.ts and {@link conforms} read. */
interface Def {
  type: string;
  innerType?: Shape;
  shape?: Record<string, Shape>;
  catchall?: Shape;
  element?: Shape;
  valueType?: Shape;
  values?: string[];
  int?: boolean;
}

class Shape {
  constructor(readonly def: Def) {}

  optional(): Shape {
    return new Shape({ type: 'optional', innerType: this });
  }

  strict(): Shape {
    return new Shape({ ...this.def, catchall: new Shape({ type: 'never' }) });
  }

  extend(more: Record<string, Shape>): Shape {
    return new Shape({ ...this.def, shape: { ...this.def.shape, ...more } });
  }

  int(): Shape {
    return new Shape({ ...this.def, int: true });
  }
}

/** Builds schemas as zod's `z` does (the part of its API kfm uses). */
export const shape = {
  object: (fields: Record<string, Shape>) => new Shape({ type: 'object', shape: fields }),
  array: (element: Shape) => new Shape({ type: 'array', element }),
  string: () => new Shape({ type: 'string' }),
  boolean: () => new Shape({ type: 'boolean' }),
  unknown: () => new Shape({ type: 'unknown' }),
  number: () => new Shape({ type: 'number' }),
  record: (_key: Shape, valueType: Shape) => new Shape({ type: 'record', valueType }),
  enum: (values: string[]) => new Shape({ type: 'enum', values }),
} as unknown as Builders;

const def = (s: z.ZodType): Def => (s as unknown as Shape).def;

/**
 * True when `v` matches the schema. Never true where zod would refuse the value (numbers must be
 * finite, integers safe, as zod requires); where it is false, zod decides and explains.
 */
export function conforms(v: unknown, schema: z.ZodType): boolean {
  const d = def(schema);
  switch (d.type) {
    case 'optional': return v === undefined || conforms(v, d.innerType as unknown as z.ZodType);
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'number': return typeof v === 'number' && Number.isFinite(v) && (!d.int || Number.isSafeInteger(v));
    case 'enum': return typeof v === 'string' && d.values!.includes(v);
    case 'unknown': return true;
    case 'array': return Array.isArray(v) && v.every((x) => conforms(x, d.element as unknown as z.ZodType));
    case 'record': return isMap(v) && Object.keys(v).every((k) => conforms(v[k], d.valueType as unknown as z.ZodType));
    case 'object': {
      if (!isMap(v)) return false;
      const fields = d.shape!;
      for (const k of Object.keys(fields)) if (!conforms(v[k], fields[k] as unknown as z.ZodType)) return false;
      return d.catchall === undefined || Object.keys(v).every((k) => Object.hasOwn(fields, k));
    }
    default: return false;
  }
}

let zod: typeof z | undefined;
const zods = new WeakMap<Shape, z.ZodType>();

/** The same schema built with zod (loaded on first use). */
export function asZod(schema: z.ZodType): z.ZodType {
  const s = schema as unknown as Shape;
  let out = zods.get(s);
  if (out) return out;
  zod ??= (createRequire(import.meta.url)('zod') as { z: typeof z }).z;
  const d = s.def;
  const of = (x: Shape | undefined) => asZod(x as unknown as z.ZodType);
  switch (d.type) {
    case 'optional': out = of(d.innerType).optional(); break;
    case 'string': out = zod.string(); break;
    case 'boolean': out = zod.boolean(); break;
    case 'number': out = d.int ? zod.number().int() : zod.number(); break;
    case 'enum': out = zod.enum(d.values as [string, ...string[]]); break;
    case 'unknown': out = zod.unknown(); break;
    case 'array': out = zod.array(of(d.element)); break;
    case 'record': out = zod.record(zod.string(), of(d.valueType)); break;
    case 'object': {
      const fields = Object.fromEntries(Object.entries(d.shape!).map(([k, v]) => [k, of(v)]));
      const o = zod.object(fields);
      out = d.catchall ? o.strict() : o;
      break;
    }
    default: throw new Error(`no zod schema for a '${d.type}' shape`);
  }
  zods.set(s, out);
  return out;
}
