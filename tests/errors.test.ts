// Every error kfm raises for bad input is a BuildError with a stable code, whatever stage raised it.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  build, BuildError, CycleError, parseAll, emitDocument, YamlSyntaxError, EmitError, MergeKindError, YamlLimitError,
  DeepInputError, FieldSpecError,
} from '../src/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function failure(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('error classes', () => {
  it('a YAML syntax error is a BuildError with its code and its file:line:column message', () => {
    const e = failure(() => parseAll('a: [1', 'x.yaml'));
    expect(e).toBeInstanceOf(YamlSyntaxError);
    expect(e).toBeInstanceOf(BuildError);
    expect((e as BuildError).code).toBe('KFM_YAML_SYNTAX');
    expect((e as Error).message).toMatch(/^x\.yaml:\d+:\d+: invalid YAML: /);
  });

  it('a value that cannot be written is a BuildError with code KFM_EMIT', () => {
    const e = failure(() => emitDocument({ a: Infinity }));
    expect(e).toBeInstanceOf(EmitError);
    expect(e).toBeInstanceOf(BuildError);
    expect((e as BuildError).code).toBe('KFM_EMIT');
  });

  it.each(['self', 'parent'])('a transformers entry that lists its own tree (%s) is a cycle error', (c) => {
    const e = failure(() => build(join(FIXTURES, 'plugins', `error-transformer-cycle-${c}`)).yaml());
    expect(e).toBeInstanceOf(CycleError);
    expect((e as BuildError).code).toBe('KFM_CYCLE');
    expect((e as BuildError).place.field).toBe('transformers[0]');
  });

  it('a plain input error keeps the base code', () => {
    const e = failure(() => build(join(FIXTURES, 'plugins', 'error-unknown-builtin')).yaml());
    expect((e as BuildError).code).toBe('KFM_BUILD');
  });

  it('gives every class its own code', () => {
    const codes = [
      new BuildError('x'), new CycleError('x'), new YamlSyntaxError('f', 1, 1, 'x'), new EmitError('x'),
      new MergeKindError('a', 'a list', 'a map'), new YamlLimitError('f', 'x'), new DeepInputError('f', 'x'), new FieldSpecError('x'),
    ].map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^KFM_[A-Z_]+$/.test(c))).toBe(true);
  });
});
