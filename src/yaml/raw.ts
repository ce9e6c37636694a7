import type { Value } from './scalar.js';

/**
 * A plain scalar that typed as something other than a string, with its source text. kustomize
 * keeps annotation values as they were written (`0777` stays "0777") while every other field gets
 * the typed value, and only the finished document tells which is which.
 */
export class Raw {
  constructor(readonly value: Value, readonly source: string) {}

  /**
   * A mapping key becomes the text of its typed value, as JavaScript keys are strings (the loader
   * stringifies keys unless they look like plain objects, hence the tag).
   */
  toString(): string {
    return String(this.value);
  }

  get [Symbol.toStringTag](): string {
    return 'TypedScalar';
  }
}
