/**
 * Kubernetes label selectors (`a=b,c!=d,e in (x,y),!f,g`), as patch targets and replacement
 * selectors use them on labels and annotations.
 */
import { BuildError, type ErrorPlace } from '../errors.js';
import { scalarText, type YMap } from '../yaml/scalar.js';

/** One requirement of a selector. */
export interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=' | '!=';
  values: string[];
}

/** Parses a selector; an unreadable part is an error at `place`. */
export function parseSelector(text: string, place: ErrorPlace): Requirement[] {
  const reqs: Requirement[] = [];
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) { parts.push(cur); cur = ''; continue; }
    cur += c;
  }
  parts.push(cur);
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^([^\s!=()]+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      reqs.push({ key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((s) => s.trim()).filter((s) => s !== '') });
    } else if ((m = p.match(/^!\s*([^\s!=()]+)$/))) {
      reqs.push({ key: m[1], op: '!', values: [] });
    } else if ((m = p.match(/^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/))) {
      reqs.push({ key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] });
    } else if ((m = p.match(/^([^\s!=()]+)$/))) {
      reqs.push({ key: m[1], op: 'exists', values: [] });
    } else {
      throw new BuildError(`invalid selector '${text}': cannot read '${p}'`, place);
    }
  }
  return reqs;
}

/** True when a map of labels (or annotations) satisfies every requirement. */
export function selectorMatches(reqs: Requirement[], labels: YMap | undefined): boolean {
  return reqs.every((r) => {
    const v = labels && Object.prototype.hasOwnProperty.call(labels, r.key) ? scalarText(labels[r.key]) : undefined;
    switch (r.op) {
      case 'exists': return v !== undefined;
      case '!': return v === undefined;
      case '=': return v === r.values[0];
      case '!=': return v !== r.values[0];
      case 'in': return v !== undefined && r.values.includes(v);
      case 'notin': return v === undefined || !r.values.includes(v);
    }
    return false;
  });
}
