/**
 * `kfm edit`: kustomize's edit subcommands (add, set, remove, fix) on the kustomization file of the
 * current folder, keeping its comments and formatting. Argo CD and Image Updater drive these.
 */
import { writeStderr } from './output.js';
import type { Command } from 'commander';
import { KFile } from '../edit/kfile.js';
import {
  addGenerator, addLabels, addPatch, addToList, buildMetadataOptions, expandPaths, parsePairs, putPairs, removeFromList,
  removeGenerators, removeKeys, removePatch, setImage, setReplicas, type GeneratorFlags, type PatchFlags,
} from '../edit/commands.js';
import { fixKustomization } from '../edit/fix.js';

const note = (msg: string) => writeStderr(`${msg}\n`);
const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Opens the kustomization of the current folder, applies `change`, and writes it back. */
function edit(change: (k: KFile, dir: string) => void): void {
  const dir = process.cwd();
  const k = KFile.open(dir);
  change(k, dir);
  k.save();
}

function patchOptions(c: Command): Command {
  return c
    .option('--path <file>', 'the patch file')
    .option('--patch <text>', 'the patch, inline')
    .option('--group <group>', 'target group').option('--version <version>', 'target version').option('--kind <kind>', 'target kind')
    .option('--name <name>', 'target name').option('--namespace <namespace>', 'target namespace')
    .option('--label-selector <selector>', 'target label selector').option('--annotation-selector <selector>', 'target annotation selector');
}

function generatorOptions(c: Command): Command {
  return c
    .option('--from-literal <key=value>', 'a key and literal value (repeatable)', collect)
    .option('--from-file <[key=]path>', 'a file (repeatable)', collect)
    .option('--from-env-file <path>', 'a file of key=value lines')
    .option('--behavior <behavior>', 'create, merge or replace')
    .option('--disableNameSuffixHash', 'do not append the content hash to the name')
    .option('--namespace <namespace>', 'the namespace of the generated object');
}

/** Adds `edit` and its subcommands to the program. */
export function addEditCommands(program: Command): void {
  const e = program.command('edit').description("Edit the current folder's kustomization file, as `kustomize edit` does (comments are kept)");
  const add = e.command('add').description('Add an item to the kustomization file');
  const set = e.command('set').description('Set a value in the kustomization file');
  const remove = e.command('remove').description('Remove an item from the kustomization file');

  for (const [name, field, what] of [
    ['resource', 'resources', 'resource'], ['base', 'resources', 'base'], ['component', 'components', 'component'],
    ['generator', 'generators', 'generator'], ['transformer', 'transformers', 'transformer'],
  ] as const) {
    add.command(name).description(`Add ${what} paths or URLs (globs allowed) to '${field}'`).argument('<paths...>')
      .action((paths: string[]) => edit((k, dir) => addToList(k, field, expandPaths(dir, paths, what), note)));
  }
  for (const [name, field] of [['resource', 'resources'], ['transformer', 'transformers'], ['component', 'components']] as const) {
    remove.command(name).description(`Remove paths (globs allowed) from '${field}'`).argument('<paths...>')
      .action((paths: string[]) => edit((k) => removeFromList(k, field, paths, note)));
  }

  patchOptions(add.command('patch').description("Add a 'patches' entry"))
    .action((o: PatchFlags) => edit((k, dir) => addPatch(k, o, dir, note)));
  patchOptions(remove.command('patch').description("Remove a 'patches' entry"))
    .action((o: PatchFlags) => edit((k) => removePatch(k, o, note)));

  add.command('label').description("Add labels (key:value,...) to 'commonLabels', or with --without-selector to 'labels'")
    .argument('<pairs...>').option('-f, --force', 'overwrite a label that is there')
    .option('--without-selector', 'do not add the labels to selectors').option('--include-templates', 'with --without-selector: also label pod templates')
    .action((pairs: string[], o: { force?: boolean; withoutSelector?: boolean; includeTemplates?: boolean }) =>
      edit((k) => addLabels(k, parsePairs(pairs, 'label'), { force: Boolean(o.force), ...o })));
  set.command('label').description("Set labels (key:value,...) in 'commonLabels'").argument('<pairs...>')
    .option('--without-selector', "set them in a 'labels' entry without selectors")
    .action((pairs: string[], o: { withoutSelector?: boolean }) => edit((k) => addLabels(k, parsePairs(pairs, 'label'), { force: true, ...o })));
  add.command('annotation').description("Add annotations (key:value,...) to 'commonAnnotations'").argument('<pairs...>')
    .option('-f, --force', 'overwrite an annotation that is there')
    .action((pairs: string[], o: { force?: boolean }) => edit((k) => putPairs(k.map('commonAnnotations'), parsePairs(pairs, 'annotation'), 'annotation', Boolean(o.force))));
  set.command('annotation').description("Set annotations (key:value,...) in 'commonAnnotations'").argument('<pairs...>')
    .action((pairs: string[]) => edit((k) => putPairs(k.map('commonAnnotations'), parsePairs(pairs, 'annotation'), 'annotation', true)));
  for (const [name, field] of [['label', 'commonLabels'], ['annotation', 'commonAnnotations']] as const) {
    remove.command(name).description(`Remove ${name} keys (key,...)`).argument('<keys...>')
      .option('-i, --ignore-non-existence', `carry on when a ${name} is not there`)
      .action((keys: string[], o: { ignoreNonExistence?: boolean }) => edit((k) => removeKeys(k, field, keys, note, Boolean(o.ignoreNonExistence))));
  }

  for (const [name, field] of [['configmap', 'configMapGenerator'], ['secret', 'secretGenerator']] as const) {
    const c = generatorOptions(add.command(name).description(`Add a '${field}' entry`).argument('<name>'));
    if (name === 'secret') c.option('--type <type>', 'the Secret type (default Opaque)');
    c.action((n: string, o: GeneratorFlags) => edit((k, dir) => addGenerator(k, field, n, o, dir)));
    remove.command(name).description(`Remove '${field}' entries by name`).argument('<names...>')
      .action((names: string[]) => edit((k) => removeGenerators(k, field, names, note)));
  }

  add.command('buildmetadata').description('Add buildMetadata options (originAnnotations, transformerAnnotations, managedByLabel)').argument('<options...>')
    .action((opts: string[]) => edit((k) => addToList(k, 'buildMetadata', buildMetadataOptions(opts), note)));
  set.command('buildmetadata').description('Set the buildMetadata options').argument('<options...>')
    .action((opts: string[]) => edit((k) => {
      k.delete('buildMetadata');
      addToList(k, 'buildMetadata', buildMetadataOptions(opts), note);
    }));
  remove.command('buildmetadata').description('Remove buildMetadata options').argument('<options...>')
    .action((opts: string[]) => edit((k) => removeFromList(k, 'buildMetadata', buildMetadataOptions(opts), note)));

  set.command('image').description('Set images: name=newName:tag@digest, name=newName, name:tag or name@digest').argument('<images...>')
    .action((images: string[]) => edit((k) => images.forEach((i) => setImage(k, i))));
  set.command('replicas').description('Set replica counts: name=count').argument('<replicas...>')
    .action((reps: string[]) => edit((k) => reps.forEach((r) => setReplicas(k, r))));
  for (const [name, field] of [['namespace', 'namespace'], ['nameprefix', 'namePrefix'], ['namesuffix', 'nameSuffix']] as const) {
    set.command(name).description(`Set '${field}'`).argument('<value>')
      .action((v: string) => edit((k) => k.set(field, v)));
  }

  e.command('fix').description('Move deprecated fields (bases, patchesStrategicMerge, patchesJson6902, commonLabels, imageTags) to their replacements')
    .action(() => edit((k) => fixKustomization(k, note)));
}
