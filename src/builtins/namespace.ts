/** NamespaceTransformer: the `namespace` field, or a config of that kind (its metadata.namespace). */
import { shape } from '../kustomization/shape.js';
import type { ParsedFieldSpec } from '../fieldspec/index.js';
import { setNamespace, type NamespaceOptions } from '../transform/namespace.js';
import type { Builtin } from './builtin.js';
import { fieldSpecList, fieldSpecsOf, META, metadataOf, optionalText } from './config.js';

const METADATA_NAMESPACE: ParsedFieldSpec = { path: 'metadata/namespace', create: true, parts: ['metadata', 'namespace'] };

export const namespaceTransformer: Builtin<NamespaceOptions> = {
  kind: 'NamespaceTransformer',
  role: 'transformer',
  plugin: {
    schema: shape.object({ ...META, unsetOnly: shape.boolean().optional(), setRoleBindingSubjects: optionalText, fieldSpecs: fieldSpecList }),
    read(obj, p) {
      const md = metadataOf(obj);
      const namespace = typeof md.namespace === 'string' ? md.namespace : '';
      // metadata/namespace is always set, whatever the config's fieldSpecs say about it.
      const fs = fieldSpecsOf(obj, p).filter((s) => s.path !== 'metadata/namespace');
      return { namespace, unsetOnly: obj.unsetOnly === true, fieldSpecs: [METADATA_NAMESPACE, ...fs], place: { file: p.file, field: p.field } };
    },
  },
  fromKustomization: (ctx) => (ctx.k.namespace ? [{ namespace: ctx.k.namespace, fieldSpecs: ctx.tables.namespace, place: { file: ctx.file, field: 'namespace' } }] : []),
  apply(m, c) {
    // A config without a namespace runs and changes nothing.
    if (c.namespace) setNamespace(m, c);
  },
};
