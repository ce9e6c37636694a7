/**
 * CRD validation rules (`x-kubernetes-validations`) evaluated with `@bufbuild/cel`: the standard
 * CEL library and its strings extension. Rules the API server would not run on a create
 * (transition rules, which compare with `oldSelf`) and rules that call a function the evaluator
 * lacks (Kubernetes' own libraries: url, ip, cidr, quantity, lists, optional values, ...) are
 * skipped and counted, never guessed.
 */
import { celEnv, isCelError, parse, plan, type CelEnv, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { isObj } from './source.js';
import type { Schema } from './validate-crd.js';

/** One rule as a CRD writes it. */
export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** The outcome of one rule on one value. */
export type CelOutcome = { pass: true } | { pass: false; message: string } | { skipped: string };

type Program = ((ctx: { self: CelInput }) => unknown) | { skipped: string };

/** Compiles each distinct rule once and runs it. */
export class CelEvaluator {
  private readonly env: CelEnv = celEnv({ funcs: strings });
  private readonly programs = new Map<string, Program>();

  private program(rule: string): Program {
    let p = this.programs.get(rule);
    if (!p) {
      p = this.compile(rule);
      this.programs.set(rule, p);
    }
    return p;
  }

  private compile(rule: string): Program {
    let parsed;
    try {
      parsed = parse(rule);
    } catch (e) {
      return { skipped: `does not parse: ${(e as Error).message.split('\n')[0]}` };
    }
    const { idents, calls } = namesIn(parsed.expr);
    if (idents.has('oldSelf')) return { skipped: 'transition rule (oldSelf): not run on create' };
    const missing = [...calls].filter((c) => /^[A-Za-z]/.test(c) && !this.env.funcs.find(c));
    if (missing.length) return { skipped: `uses ${missing.sort().join(', ')}, which the evaluator lacks` };
    return plan(this.env, parsed) as (ctx: { self: CelInput }) => unknown;
  }

  /** Runs a rule with `self` bound to `value` (converted as `schema` types it). */
  check(r: CelRule, schema: Schema, value: unknown): CelOutcome {
    const program = this.program(r.rule);
    if (typeof program !== 'function') {
      // With optionalOldSelf the API server runs the rule on a create too, oldSelf being an empty optional.
      if (r.optionalOldSelf && program.skipped.startsWith('transition')) return { skipped: 'uses oldSelf as an optional value, which the evaluator lacks' };
      return { skipped: program.skipped };
    }
    const self = toCel(schema, value);
    const result = program({ self });
    if (isCelError(result)) {
      // An overload the evaluator lacks is its limit; any other error fails the rule, as in the API server.
      if (/no matching overload|unbound function/.test(result.message)) return { skipped: `evaluator: ${result.message}` };
      return { pass: false, message: `rule ${JSON.stringify(r.rule)} could not be evaluated: ${result.message}` };
    }
    if (result === true) return { pass: true };
    return { pass: false, message: this.message(r, self) };
  }

  private message(r: CelRule, self: CelInput): string {
    if (r.messageExpression) {
      const p = this.program(r.messageExpression);
      if (typeof p === 'function') {
        const m = p({ self });
        if (typeof m === 'string' && m) return m;
      }
    }
    return r.message || `failed rule: ${r.rule}`;
  }
}

/** The identifiers and function names an expression uses. */
function namesIn(expr: unknown): { idents: Set<string>; calls: Set<string> } {
  const idents = new Set<string>();
  const calls = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      const kind = (v as { exprKind?: { case?: string; value?: { name?: string; function?: string } } }).exprKind;
      if (kind?.case === 'identExpr' && kind.value?.name) idents.add(kind.value.name);
      if (kind?.case === 'callExpr' && kind.value?.function) calls.add(kind.value.function);
      Object.values(v).forEach(visit);
    }
  };
  visit(expr);
  return { idents, calls };
}

/**
 * A JSON value as the API server hands it to CEL: integers of integer (and int-or-string)
 * fields are CEL ints, objects are maps, and unknown fields kept by
 * x-kubernetes-preserve-unknown-fields keep JSON's own types.
 */
export function toCel(schema: Schema | undefined, v: unknown): CelInput {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    const integral = schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] || (!schema?.type && Number.isInteger(v));
    return integral && Number.isInteger(v) ? BigInt(v) : v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => toCel(schema?.items, x));
  if (isObj(v)) {
    const m = new Map<string, CelInput>();
    for (const [k, x] of Object.entries(v)) {
      const sub = schema?.properties?.[k] ?? (isObj(schema?.additionalProperties) ? (schema.additionalProperties as Schema) : undefined);
      m.set(k, toCel(sub, x));
    }
    return m;
  }
  return null;
}
