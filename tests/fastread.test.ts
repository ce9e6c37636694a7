// The fast YAML reader (src/yaml/fastread.ts) against the general one (js-yaml) it stands in for:
// on every YAML file of the repository and on small texts at the edges of its subset, parseAll
// must give exactly what the general reader gives (values, types, key order, the written text of
// annotations, a patch's null label and annotation texts) or the same error.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { nullMetaTexts, parseAll, parseAllGeneral, type ParseOptions } from '../src/yaml/parse.js';
import { resolvePlainV2 } from '../src/merge/yaml11.js';
import { fastRead } from '../src/yaml/fastread.js';
import type { Value } from '../src/yaml/scalar.js';
import { newMap } from '../src/yaml/map.js';

/** What every mapping kfm makes inherits from (see src/yaml/map.ts). */
const MAPPING_PROTO = Object.getPrototypeOf(newMap());

const REPO = join(import.meta.dirname, '..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.(ya?ml)$|^Kustomization$/.test(name)) out.push(p);
  }
  return out;
}

/** A text showing every difference that matters: types, key order, prototypes, null texts. */
function dump(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(dump).join(',')}]`;
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) === MAPPING_PROTO ? '' : '(proto)';
    const texts = nullMetaTexts.get(v);
    const entries = Object.keys(v).map((k) => `${JSON.stringify(k)}:${dump(v[k])}`);
    return `${proto}{${entries.join(',')}}${texts ? `nulls${JSON.stringify(texts)}` : ''}`;
  }
  if (typeof v === 'number') return Object.is(v, -0) ? 'n:-0' : `n:${v}`;
  return `${typeof v}:${typeof v === 'string' ? JSON.stringify(v) : String(v)}`;
}

function outcome(read: () => Value[]): string {
  try {
    return read().map(dump).join('\n---\n');
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

/** The ways kfm reads YAML: resources, patches, kustomization files, JSON 6902 patches. */
const READINGS: ParseOptions[] = [{}, { patch: true }, { yaml11: true }, { typing: resolvePlainV2 }];

function compare(text: string, file: string): void {
  for (const opts of READINGS) {
    expect(outcome(() => parseAll(text, file, opts)), `${file} (${JSON.stringify(opts)})`).toBe(outcome(() => parseAllGeneral(text, file, opts)));
  }
}

describe('fast YAML reader', () => {
  const files = ['tests/fixtures', 'common', 'applications', 'experimental', 'example'].flatMap((d) => yamlFiles(join(REPO, d)));

  it('reads every YAML file of the repository as the general reader does', () => {
    for (const f of files) compare(readFileSync(f, 'utf8'), f);
  });

  it('reads most documents of the platform manifests itself', () => {
    let docs = 0;
    let general = 0;
    for (const f of files.filter((x) => !x.includes('tests/fixtures'))) {
      const read = fastRead(readFileSync(f, 'utf8'));
      docs += read?.docs.length ?? 1;
      general += read?.gaps.length ?? 1;
    }
    expect(general / docs).toBeLessThan(0.05);
  });

  const EDGES = [
    '', '\n', '# c\n', '---\n', '---\na: 1\n', 'a: 1\n---\n', 'a: 1\n---', '# c\n---\na: 1\n', 'a: 1\n---\n---\nb: 2\n',
    'a: 1\na: 2\n', 'a: 1\n  b: 2\n', 'a:\n- 1\n- 2\nb: x\n', 'a:\n  - 1\n  -\n  - - x\n    - y\n', '- a: 1\n  b: 2\n- c\n',
    'a: |\n  x\n\n  y\n\n', 'a: |-\n  x\n  \n', 'a: |+\n  x\n\n\nb: 1\n', 'a: |\n  x', 'a: |+\n  x\n  ', 'a: |\n   x\n  y\n',
    'a: |\n\n   x\n', 'a: |2\n  x\n', 'a: >\n  x\n  y\n', "a: 'it''s'\n", 'a: "x\\ty\\"z"\n', 'a: "x\\u0041"\n', 'a: "x\n  y"\n',
    'a: b\n  c\n', 'a: b # c\nd: e#f\n', 'a: b: c\n', 'a: b:\n', 'a: -1\nb: - x\n', 'a: [1, 2]\nb: []\nc: {}\n', 'a: &x 1\nb: *x\n',
    '"a": 1\n\'b c\': 2\n', '1: a\ntrue: b\n', '<<: {a: 1}\n', '__proto__: 1\nconstructor: 2\n', 'a: :x\nb: ?y\n',
    'a:\tb\n', 'a: b\r\n', '\ufeffa: 1\n', '%YAML 1.2\n---\na: 1\n', 'a: 1\n...\n', '--- a\n', '  a: 1\n', 'a\n', '- a\n-b\n',
    'metadata:\n  annotations:\n    a: 0777\n    b: ~\n    c:\n    d: "1"\n    e: true\n  labels:\n    x: null\n    y:\n',
    'kind: ConfigMapList\nitems:\n- metadata:\n    annotations:\n      a: 1.50\n      b:\n',
    'a: 1\nb: 2\n10: x\n2: y\n', 'a:\n  # c\n  b: 1\n', 'a:\n# c\n- 1\n', 'a: 1 #c\n  # d\nb: 2\n', 'a:    \nb: x   \n',
    'a: "x" y\n', 'a: \'x\n', '- - - a\n', '- |\n  x\n- y\n', 'a:\n  - b: |\n      x\n    c: 1\n', 'key with spaces: v\n',
    'a: 1\n---\nb: >\n  x\n---\nc: 2\n', 'a: 1\n---\nb: [1\n---\nc: 2\n', 'a: 1\n---\nb: &x 1\nc: *x\n', '---\nb: |\n  x',
    'metadata:\n  labels:\n    a: ~\n---\nmetadata:\n  labels: {a: ~, b: null}\n  annotations:\n    c: 010\n    d: !!str 1\n',
    'a: 1\n---\nb: 2\n...\n', 'a: 1\n---\n"b\n',
    'a: b\n  c  \n   d\ne: 1\n', '- a: b\n    c\n  d: e\n', 'a: b\n\n  c\n', 'a: b\n  c: d\n', 'a: b # x\n  c\n', 'a: b\n  - c\n',
    'a: b\n  # c\n', 'a: 1\n  2\n', 'a: b\n    \n  c\n', 'metadata:\n  annotations:\n    a: 1\n      2\n',
    'a: yes\nb: on\nc: n\nd: 2001-12-14\ny: 1\n', 'on: x\n', '- op: add\n  value: off\n',
    'a: [x, "y", \'z\', 1, true, ~]\nb: {c: 1, "d": e f, g: null}\n', 'a: [ ]\nb: { }\n', 'a: [x,]\n', 'a: [x: y]\n', 'a: [[x]]\n',
    'a: {b: {c: 1}}\n', 'a: {b}\n', 'a: {b: 1, b: 2}\n', 'a: [x, -1]\n', 'a: [x\n  , y]\n', 'a: [http://x, a:b]\n', 'a: ["x" y]\n',
    'a: [x # c\n]\n', 'a: {1: x}\n', 'a: [x] # c\nb: [y] z\n', 'metadata:\n  annotations: {a: 1, b: ~}\n  labels: [1, ~]\n',
    'a: 2001-12-14\nb: 0x1F\nc: 1e3\nd: .inf\ne: 1_000\nf: 12345678901234567890\n',
    // A no-break space (and other Unicode spaces) is content to YAML, not a blank to trim.
    'a: \u00a0 \nb: x\u00a0\nc: \u3000\nmetadata:\n  annotations:\n    d: \u00a0 \n',
  ];
  for (const text of EDGES) {
    it(`reads ${JSON.stringify(text)} as the general reader does`, () => compare(text, 'edge.yaml'));
  }
});
