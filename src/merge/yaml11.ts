/**
 * Reading JSON 6902 patch text. kustomize converts a YAML patch to JSON with go-yaml v2 rules
 * (YAML 1.1: `yes`, `on`, `y`, `no`, `off`, `n` are booleans, also as keys) and reads a text that
 * starts with `[` as strict JSON. Strategic-merge patches are read like resources (v3 rules).
 */
import { loadAll, Schema, defineScalarTag, strTag, seqTag, mapTag, mergeTag, NOT_RESOLVED, YAMLException } from 'js-yaml';
import { resolvePlainV3, timestampText, type Value } from '../yaml/scalar.js';
import { YamlSyntaxError } from '../yaml/index.js';

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** The typed value of a plain scalar under go-yaml v2's rules (as far as patches meet them). */
export function resolvePlainV2(s: string): Value {
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  if (timestampText(s) !== undefined) return s;
  return resolvePlainV3(s);
}

const plainV2 = defineScalarTag<Value>('tag:kfm/v2-plain', {
  implicit: true,
  implicitFirstChars: null,
  resolve: (source: string) => {
    const v = resolvePlainV2(source);
    return v === source ? NOT_RESOLVED : v;
  },
  identify: () => false,
});

const SCHEMA_V2 = new Schema([strTag, seqTag, mapTag, mergeTag, plainV2]);

/** Parses every document of a JSON-patch text with YAML 1.1 typing. */
export function parseAllV2(text: string, file: string): Value[] {
  try {
    return loadAll(text, { schema: SCHEMA_V2, filename: file, maxDepth: 1000 }) as Value[];
  } catch (e) {
    if (e instanceof YAMLException) {
      const m = e.mark;
      throw new YamlSyntaxError(file, m ? m.line + 1 : 0, m ? m.column + 1 : 0, e.reason);
    }
    throw e;
  }
}
