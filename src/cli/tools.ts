/** The commands beyond kustomize: diff, images, check, tree and validate. */
import { writeStderr, writeStdout } from './output.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Option, type Command } from 'commander';
import { build } from '../build/index.js';
import { diffObjects, isEqual } from '../tools/diff.js';
import { formatDiff, type DiffFormat } from '../tools/diff-format.js';
import { distinctImages, findImages } from '../tools/images.js';
import { mirrorComponent } from '../tools/mirror.js';
import { buildObjects, loadSide } from '../tools/source.js';
import { checkRoots, junit, rootsToCheck } from '../tools/check.js';
import { composition, treeDot, treeMermaid, treeText } from '../tools/tree.js';

/** Colour only for a terminal, and never when NO_COLOR is set (no-color.org). */
const useColor = () => Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');

/** Adds the commands to the program. */
export function addToolCommands(program: Command, fail: (message: string, code?: number) => never): void {
  program
    .command('diff')
    .description('Compare two renderings resource by resource: each a directory (built), a YAML file, - (stdin), or REF:PATH (a git revision)')
    .argument('<a>', 'the old side')
    .argument('<b>', 'the new side')
    .addOption(new Option('--output-format <format>', 'how to print').choices(['text', 'markdown', 'json']).default('text'))
    .option('--markdown', 'print Markdown for a pull-request comment (same as --output-format markdown)')
    .option('--json', 'print JSON for tools (same as --output-format json)')
    .option('--summary', 'print one line per kind: changed, added, removed')
    .option('--no-follow-hashes', 'report a generated name whose hash changed as removed and added')
    .addHelpText('after', '\nExit status: 0 when equal, 1 when different, 2 on error (as diff(1)).')
    .action((a: string, b: string, o: { outputFormat: DiffFormat; markdown?: boolean; json?: boolean; summary?: boolean; followHashes: boolean }) => {
      let result;
      try {
        // Standard input is read once, and only when a side is `-`.
        let stdin: string | undefined;
        const read = () => (stdin ??= readFileSync(0, 'utf8'));
        result = diffObjects(loadSide(a, read).objects, loadSide(b, read).objects, { followHashes: o.followHashes });
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e), 2);
      }
      const format: DiffFormat = o.json ? 'json' : o.markdown ? 'markdown' : o.outputFormat;
      writeStdout(formatDiff(result, format, { color: useColor(), summary: o.summary }));
      process.exitCode = isEqual(result) ? 0 : 1;
    });

  program
    .command('images')
    .description('List every image a build uses, and where; or write a Component that moves them all to a mirror registry')
    .argument('[dir]', 'the kustomization directory', '.')
    .option('--json', 'print every use as JSON')
    .option('--list', 'print only the distinct image references, one per line (for mirroring tools)')
    .option('--registry <registry>', 'write a kustomize Component retargeting every image to this registry')
    .option('-o, --output <dir>', 'with --registry: the folder to write the Component to (else printed)')
    .action((dir: string, o: { json?: boolean; list?: boolean; registry?: string; output?: string }) => {
      if (o.registry) {
        const { text, unmirrored } = mirrorComponent(dir, o.registry);
        for (const u of unmirrored) writeStderr(`warning: ${u.resource} ${u.path}: ${u.image} could not be retargeted\n`);
        if (o.output) {
          mkdirSync(o.output, { recursive: true });
          writeFileSync(join(o.output, 'kustomization.yaml'), text);
        } else {
          writeStdout(text);
        }
        return;
      }
      const uses = findImages(buildObjects(dir));
      if (o.json) writeStdout(JSON.stringify(uses.map(({ embedded, ...u }) => u), null, 2) + '\n');
      else if (o.list) writeStdout(distinctImages(uses).map((i) => i + '\n').join(''));
      else {
        for (const img of distinctImages(uses)) {
          writeStdout(`${img}\n`);
          for (const u of uses.filter((x) => x.image === img)) writeStdout(`    ${u.where.padEnd(18)} ${u.resource} ${u.path}\n`);
        }
      }
    });

  program
    .command('check')
    .description('Build every kustomization root under the folders, in parallel, and report each')
    .argument('[dirs...]', 'folders to search (default .)')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('-j, --jobs <n>', 'builds at once (default: the number of processors)')
    .action(async (dirs: string[], o: { junit?: string; jobs?: string }) => {
      const roots = rootsToCheck(dirs.length ? dirs : ['.']);
      const tty = Boolean(process.stderr.isTTY);
      const t0 = performance.now();
      const label = (d: string) => relative(process.cwd(), d) || '.';
      const results = await checkRoots(roots, (r, done) => {
        if (tty) writeStderr(`\r\x1b[K[${done}/${roots.length}] ${label(r.dir)}`);
      }, o.jobs ? Number(o.jobs) : undefined);
      if (tty) writeStderr('\r\x1b[K');
      const width = Math.max(4, ...results.map((r) => label(r.dir).length));
      const lines = results.map((r) => `${r.ok ? 'ok    ' : 'FAILED'} ${label(r.dir).padEnd(width)} ${String(r.resources).padStart(5)} ${`${Math.round(r.ms)} ms`.padStart(8)}${r.component ? '  (component)' : ''}`);
      writeStdout(`status root${' '.repeat(width - 4)} resources    time\n${lines.join('\n')}\n`);
      const failed = results.filter((r) => !r.ok);
      for (const f of failed) writeStdout(`\n${label(f.dir)}:\n  ${f.error!.split('\n').join('\n  ')}\n`);
      writeStdout(`\n${results.length - failed.length} ok, ${failed.length} failed, ${results.length} roots in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
      if (o.junit) writeFileSync(o.junit, junit(results, label));
      if (failed.length) process.exitCode = 1;
    });

  program
    .command('tree')
    .description('Show how a root is composed: bases, components, resource files, patches and generators, with resource counts')
    .argument('[dir]', 'the kustomization directory', '.')
    .option('--dot', 'print a Graphviz graph')
    .option('--mermaid', 'print a Mermaid flowchart')
    .action((dir: string, o: { dot?: boolean; mermaid?: boolean }) => {
      const t = composition(dir);
      if (o.dot) writeStdout(treeDot(t));
      else if (o.mermaid) writeStdout(treeMermaid(t));
      else writeStdout(treeText(t, t.type === 'component' ? undefined : build(dir).resources.length));
    });

  program
    .command('validate')
    .description('Validate every resource of a build: builtin kinds against the Kubernetes OpenAPI schemas, custom resources against the CRDs in the same build (CEL rules included)')
    .argument('[dir]', 'the kustomization directory', '.')
    .option('--kubernetes-version <minor>', 'the Kubernetes minor whose schemas to use (available: 1.36)')
    .option('--strict', 'fail on custom resources whose CRD is not in the build')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExit status: 0 when every resource is valid, 1 on problems, 2 when the build (or an option) fails.')
    .action(async (dir: string, o: { kubernetesVersion?: string; strict?: boolean; json?: boolean }) => {
      // Loaded here so that the schema package is never on the path of `kfm build`.
      const { validateDir, formatReport, hasFailures } = await import('../tools/validate.js');
      let report;
      try {
        report = await validateDir(dir, { kubernetesVersion: o.kubernetesVersion, onWarning: (msg) => writeStderr(msg + '\n') });
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e), 2);
      }
      const failed = hasFailures(report, o.strict);
      writeStdout(o.json ? JSON.stringify({ ok: !failed, strict: Boolean(o.strict), ...report }, null, 2) + '\n' : formatReport(report, o.strict));
      process.exitCode = failed ? 1 : 0;
    });
}
