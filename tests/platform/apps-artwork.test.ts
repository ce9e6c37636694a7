// The `apps` group's own content where the reference's facts carry placeholders: the Jupyter web
// app's server-type logos (artwork). Checks that no placeholder reached our manifests and that
// every logo is a complete SVG document (balanced tags), so the spawner form can show it.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { build, type YMap } from '../../src/index.js';

const REPO = join(import.meta.dirname, '../..');
const APPS_PATHS = [
  'applications/katib/upstream/installs/katib-with-kubeflow', 'applications/trainer/overlays',
  'applications/trainer/upstream/overlays/kubeflow-platform', 'applications/training-operator/upstream/overlays/kubeflow',
  'applications/model-registry/upstream/overlays/db', 'applications/model-registry/upstream/options/istio',
  'applications/model-registry/upstream/options/ui/overlays/istio', 'applications/centraldashboard/overlays/oauth2-proxy',
  'applications/profiles/upstream/overlays/kubeflow', 'applications/profiles/pss',
  'applications/admission-webhook/upstream/overlays/cert-manager', 'applications/jupyter/notebook-controller/upstream/overlays/kubeflow',
  'applications/jupyter/jupyter-web-app/upstream/overlays/istio', 'applications/pvcviewer-controller/upstream/base',
  'applications/volumes-web-app/upstream/overlays/istio', 'applications/tensorboard/tensorboards-web-app/upstream/overlays/istio',
  'applications/tensorboard/tensorboard-controller/upstream/overlays/kubeflow',
];

/** Tags of an XML document balance (a small check, no DTDs or CDATA in our SVGs). */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (self) continue;
    if (!close) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('apps: no placeholders, own artwork', () => {
  for (const path of APPS_PATHS) {
    it(`${path} renders no fact placeholder`, () => {
      expect(build(join(REPO, path)).yaml()).not.toMatch(/<(program text|artwork): /);
    });
  }
  it('the Jupyter web app logos are six complete SVG documents', () => {
    const objs = build(join(REPO, 'applications/jupyter/jupyter-web-app/upstream/overlays/istio')).objects as YMap[];
    const logos = objs.find((o) => o.kind === 'ConfigMap' && (o.metadata as YMap).name === 'jupyter-web-app-logos');
    const data = (logos?.data ?? {}) as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual([
      'group-one-icon.svg', 'group-one-logo.svg', 'group-two-icon.svg', 'group-two-logo.svg', 'jupyter-icon.svg', 'jupyterlab-logo.svg',
    ]);
    for (const [key, svg] of Object.entries(data)) {
      expect(svg.trim(), key).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
      expect(balanced(svg), key).toBe(true);
    }
  });
  it('the balance check rejects a broken document', () => {
    expect(balanced('<svg><g></svg>')).toBe(false);
    expect(balanced('<svg><g/><text>a</text></svg>')).toBe(true);
  });
});
