/**
 * Reading JSON 6902 patch text. kustomize converts a YAML patch to JSON with go-yaml v2 rules
 * (YAML 1.1: `yes`, `on`, `y`, `no`, `off`, `n` are booleans, also as keys) and reads a text that
 * starts with `[` as strict JSON. Strategic-merge patches are read like resources (v3 rules).
 */
import { resolvePlainV3, timestampText, type Value } from '../yaml/scalar.js';
import { parseAll } from '../yaml/index.js';
import { readBool11 } from '../yaml/bool11.js';


/** The typed value of a plain scalar under go-yaml v2's rules (as far as patches meet them). */
export function resolvePlainV2(s: string): Value {
  const b = readBool11(s);
  if (b !== undefined) return b;
  if (timestampText(s) !== undefined) return s;
  return resolvePlainV3(s);
}

/** Parses every document of a JSON-patch text with YAML 1.1 typing. */
export function parseAllV2(text: string, file: string): Value[] {
  return parseAll(text, file, { typing: resolvePlainV2 });
}
