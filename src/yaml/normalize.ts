/**
 * Turning the loader's result into kfm's data, in one pass without recursion: mappings that
 * inherit nothing (see map.ts), typed values in place of boxed scalars, and aliases expanded into
 * copies (later stages edit objects in place) under go-yaml's budget against alias bombs.
 */
import type { Value, YMap } from './scalar.js';
import { newMap } from './map.js';
import { Raw } from './raw.js';
import { BuildError } from '../errors.js';

/** A document beyond what a build reads (too deep, too many aliases). */
export class YamlLimitError extends BuildError {
  override readonly code: string = 'KFM_YAML_LIMIT';
  constructor(file: string, reason: string) {
    super(reason, { file });
  }
}

/**
 * Nesting deeper than the default call stack allows kfm's readers and writers; the kfm command
 * then builds again on a thread with a larger stack (see cli/stack.ts).
 */
export class DeepInputError extends YamlLimitError {
  override readonly code = 'KFM_DEEP_INPUT';
}

/** kustomize's reader stops at 10,000 nested collections; the loader counts scalars too. */
const REFERENCE_DEPTH = 10_001;
/** What the default stack (about 1 MB) takes through every recursive stage. */
const DEFAULT_STACK_DEPTH = 1_000;
let largeStack = false;

/** Declares that this thread runs on a large stack, so input may nest as deep as kustomize allows. */
export function useLargeStack(): void {
  largeStack = true;
}

/** True on a thread that {@link useLargeStack} declared. */
export function hasLargeStack(): boolean {
  return largeStack;
}

/** The loader's depth limit on this thread. */
export function parseDepthLimit(): number {
  return largeStack ? REFERENCE_DEPTH : DEFAULT_STACK_DEPTH;
}

/** The error for input nested beyond {@link parseDepthLimit}. */
export function tooDeep(file: string): YamlLimitError {
  return largeStack
    ? new YamlLimitError(file, 'nesting deeper than 10000 levels (the limit kustomize has too)')
    : new DeepInputError(file, `nesting deeper than ${DEFAULT_STACK_DEPTH} levels needs a larger stack (the kfm command uses one)`);
}

/**
 * go-yaml's share of a document's nodes that may come from alias expansion: 99% up to 400,000
 * nodes, 10% from 4,000,000, falling linearly between (measured on the reference: a billion-laughs
 * file fails at once, a file with a few large repeated anchors builds).
 */
function allowedAliasRatio(nodes: number): number {
  if (nodes <= 400_000) return 0.99;
  if (nodes >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((nodes - 400_000) / 3_600_000);
}

interface Budget {
  nodes: number;
  aliased: number;
  file: string;
}

function charge(b: Budget, n: number, inAlias: boolean): void {
  b.nodes += n;
  if (!inAlias) return;
  b.aliased += n;
  if (b.aliased > 100 && b.nodes > 1000 && b.aliased / b.nodes > allowedAliasRatio(b.nodes)) {
    throw new YamlLimitError(b.file, 'document contains excessive aliasing');
  }
}

interface Frame {
  src: Value;
  dst: Value[] | YMap;
  /** Reached through an alias (a second visit of a shared object). */
  alias: boolean;
}

/**
 * One document as kfm uses it. The loader hands an alias back as the anchored object itself; its
 * first visit (document order) is the anchor, every later one an alias and becomes a copy.
 */
export function normalize(doc: Value, file: string): Value {
  const budget: Budget = { nodes: 1, aliased: 0, file };
  const seen = new Set<object>();
  const stack: Frame[] = [];
  const convert = (v: Value, alias: boolean): Value => {
    if (v instanceof Raw) return v.value;
    if (v === null || typeof v !== 'object') return v;
    const again = alias || seen.has(v);
    seen.add(v);
    charge(budget, 1, again);
    const dst = Array.isArray(v) ? new Array<Value>(v.length) : newMap();
    stack.push({ src: v, dst, alias: again });
    return dst;
  };
  const root = convert(doc, false);
  while (stack.length) {
    const { src, dst, alias } = stack.pop()!;
    if (Array.isArray(src)) {
      for (let i = 0; i < src.length; i++) (dst as Value[])[i] = convert(src[i], alias);
    } else {
      const keys = Object.keys(src as YMap);
      // go-yaml counts a key as a node of its own.
      charge(budget, keys.length, alias);
      for (const k of keys) (dst as YMap)[k] = convert((src as YMap)[k], alias);
    }
  }
  return root;
}
