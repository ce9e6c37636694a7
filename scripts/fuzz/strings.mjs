// Strings that stress a YAML emitter and reader: quotes, doubled quotes, trailing line breaks,
// unicode, long words, edge spaces, indicator characters, and text that reads as another type.

const WORDS = [
  'the', 'value', 'must', 'be', 'set', 'when', 'type', 'is', 'Exists', 'name', 'of', 'a', 'resource',
  'kubeflow', 'pipeline', 'description', 'field', 'may', 'not', 'contain', 'path', 'element',
];
const CEL = [
  "self.all(x, has(x.operator) && x.operator == 'Exists' ? !has(x.value) : true)",
  "!has(self.sectionName) || self.sectionName == ''",
  "self.size() <= 16 && self.all(k, k.matches('^[a-z]+$'))",
  "has(self.spec) ? self.spec.replicas >= 0 : true",
  "oldSelf == '' || self == oldSelf",
];
const TYPED_LOOKALIKES = [
  '1', '0', '-1', '0777', '010', '1e3', '1E-5', '0x1F', '0o17', '1_000', '.5', '+1', '1.0', '3.14159', '1:20',
  '190:20:30', 'yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'N', 'true', 'False', 'TRUE', 'null', 'Null', '~',
  '2024-01-02', '2001-12-14t21:59:43.10-05:00', '.inf', '-.Inf', '.nan', '12e', '1.2.3', '0b101', '-0',
];
const SPECIAL = [
  ': ', ' #', '#', '- ', '-', '?', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`', '"', "'",
  "''", '\\', '\t', ' ', '  ', 'é', 'ß', '日本語', '🎉', '\u00a0', 'a: b', '---', '...', '$(X)', '{{ .Values }}',
];

/** A plain identifier-like word. */
export function word(r) {
  return r.pick(WORDS);
}

/** A sentence of n words, with some quoted words (like CRD descriptions). */
export function sentence(r, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const w = r.pick(WORDS);
    out.push(r.chance(0.08) ? `'${w}'` : r.chance(0.04) ? `"${w}"` : r.chance(0.03) ? "''" : w);
  }
  let s = out.join(' ');
  if (r.chance(0.3)) s += '.';
  return s[0].toUpperCase() + s.slice(1);
}

/** A long description, sometimes of several lines or paragraphs. */
export function description(r) {
  const parts = [];
  const n = r.int(1, 3);
  for (let i = 0; i < n; i++) parts.push(sentence(r, r.int(4, 40)));
  const sep = r.pick([' ', ' ', '\n', '\n\n']);
  return parts.join(sep) + (r.chance(0.2) ? '\n' : '');
}

/** A CEL validation rule (single quotes inside, often long). */
export function celRule(r) {
  const rules = r.some(CEL, r.int(1, 3));
  return rules.join(' && ');
}

/** A string of one of many awkward shapes. */
export function stressString(r) {
  switch (r.int(0, 11)) {
    case 0: return r.pick(TYPED_LOOKALIKES);
    case 1: return sentence(r, r.int(1, 30));
    case 2: return description(r);
    case 3: return celRule(r);
    case 4: return `${word(r)}\n`;
    case 5: return r.pick(['', ' ', ' x', 'x ', ' leading and trailing ', '\n', '\nx', 'x\n\n', 'a \nb', 'a\n b']);
    case 6: return 'x'.repeat(r.int(60, 120)) + (r.chance(0.5) ? ' tail' : '');
    case 7: {
      let s = '';
      const n = r.int(1, 8);
      for (let i = 0; i < n; i++) s += r.pick(SPECIAL) + (r.chance(0.5) ? word(r) : '');
      return s;
    }
    case 8: return `${sentence(r, r.int(8, 20))} '${word(r)}' ${sentence(r, r.int(8, 20))}`;
    case 9: return ['line one', 'line two: with colon', '  indented', '', 'last'].slice(0, r.int(2, 5)).join('\n') + (r.chance(0.5) ? '\n' : '');
    case 10: return `${r.pick(SPECIAL)}${sentence(r, r.int(1, 12))}${r.pick(SPECIAL)}`;
    default: return `${word(r)}-${r.int(0, 99)}`;
  }
}

/** A value for a label: short, valid-looking, sometimes a typed look-alike. */
export function labelValue(r) {
  return r.chance(0.2) ? r.pick(['1', 'true', 'yes', 'on', '0777', '1.0', 'null', '']) : `${word(r)}${r.chance(0.5) ? '-' + r.int(1, 9) : ''}`;
}
