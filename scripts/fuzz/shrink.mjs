// Delta debugging over a tree: drop files, documents, keys and list items, and shorten strings,
// keeping each cut while the tree still fails the same way, until no single cut does.

/** Every path to a value inside a value (deepest last), as lists of keys and indexes. */
function paths(v, prefix, out) {
  if (v === null || typeof v !== 'object') return out;
  const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  for (const k of keys) {
    const p = [...prefix, k];
    out.push(p);
    paths(v[k], p, out);
  }
  return out;
}

function parentOf(root, path) {
  let v = root;
  for (let i = 0; i < path.length - 1; i++) v = v[path[i]];
  return v;
}

/** The cuts one can try on a tree, coarse ones first. Each returns a changed copy, or null. */
function* cuts(tree) {
  const n = tree.files.length;
  for (let i = 0; i < n; i++) {
    if (tree.files[i].path === `${tree.root}/kustomization.yaml`) continue;
    yield () => ({ ...tree, files: tree.files.filter((_, j) => j !== i) });
  }
  for (let i = 0; i < n; i++) {
    const f = tree.files[i];
    if (f.type === 'text') {
      const lines = f.text.split('\n');
      for (let l = 0; l < lines.length; l++) {
        yield () => withFile(tree, i, { ...f, text: lines.filter((_, j) => j !== l).join('\n') });
      }
      continue;
    }
    if (f.docs.length > 1) {
      for (let d = 0; d < f.docs.length; d++) yield () => withFile(tree, i, { ...f, docs: f.docs.filter((_, j) => j !== d) });
    }
    if (f.json) yield () => withFile(tree, i, { ...f, json: false });
  }
  for (let i = 0; i < n; i++) {
    const f = tree.files[i];
    if (f.type !== 'yaml') continue;
    for (let d = 0; d < f.docs.length; d++) {
      for (const p of paths(f.docs[d], [], [])) {
        yield () => editDoc(tree, i, d, (doc) => {
          const parent = parentOf(doc, p);
          const k = p[p.length - 1];
          if (Array.isArray(parent)) parent.splice(k, 1);
          else delete parent[k];
        });
        yield () => editDoc(tree, i, d, (doc) => {
          const parent = parentOf(doc, p);
          const v = parent[p[p.length - 1]];
          if (typeof v === 'string' && v.length > 1) parent[p[p.length - 1]] = v.slice(0, Math.floor(v.length / 2));
          else if (typeof v === 'string' && v.length === 1) parent[p[p.length - 1]] = '';
          else return false;
        });
        yield () => editDoc(tree, i, d, (doc) => {
          const parent = parentOf(doc, p);
          const v = parent[p[p.length - 1]];
          if (typeof v === 'string' && v.length > 1) parent[p[p.length - 1]] = v.slice(Math.ceil(v.length / 2));
          else return false;
        });
      }
    }
  }
}

function withFile(tree, i, f) {
  const files = [...tree.files];
  files[i] = f;
  return { ...tree, files };
}

function editDoc(tree, i, d, edit) {
  const f = tree.files[i];
  const docs = structuredClone(f.docs);
  if (edit(docs[d]) === false) return null;
  return withFile(tree, i, { ...f, docs });
}

function size(tree) {
  return JSON.stringify(tree.files).length;
}

/**
 * Shrinks `tree` while `stillFails(tree)` holds (it runs both builds). Stops after `budget`
 * milliseconds with the smallest tree found so far.
 */
export async function shrink(tree, stillFails, budget = 120_000) {
  const deadline = Date.now() + budget;
  let best = tree;
  let trials = 0;
  // After a kept cut the next pass resumes where it was: the cuts before it were tried already.
  let start = 0;
  while (Date.now() < deadline) {
    const list = [...cuts(best)];
    let kept = false;
    for (let j = start; j < list.length && Date.now() < deadline; j++) {
      const next = list[j]();
      if (!next || size(next) >= size(best)) continue;
      trials++;
      if (await stillFails(next)) {
        best = next;
        start = j;
        kept = true;
        break;
      }
    }
    if (!kept) {
      if (start === 0) break;
      start = 0;
    }
  }
  return { tree: best, trials };
}
