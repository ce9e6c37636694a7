/**
 * What makes kfm a drop-in `kustomize` for Argo CD, CI and people: kustomize's version output, the
 * plugin and Helm flags of `kustomize build`, and shell completion.
 */
import { writeStderr, writeStdout } from './output.js';
import { Option, type Command } from 'commander';
import { KUSTOMIZE_VERSION, VERSION } from '../version.js';
import type { Phase } from '../tools/phases.js';
import { BuildError } from '../errors.js';

/** The options of `kfm build`. */
export interface BuildFlags {
  output?: string;
  cache: boolean;
  loadRestrictor: 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';
  reorder?: 'legacy' | 'none';
  enableManagedbyLabel?: boolean;
  phase?: Phase;
  phases?: boolean;
  offline?: boolean;
  remoteTtl?: number;
}

/**
 * kustomize's flags for Helm charts, exec and container KRM functions. They only enable features;
 * kfm accepts them so that command lines written for kustomize (Argo CD's build options) keep
 * working, and a kustomization that really uses one of those features fails with an error naming
 * it (helmCharts, or a function config among transformers/generators).
 */
export function addPluginFlags(c: Command): void {
  const hidden = (flags: string, what: string) => c.addOption(new Option(flags, `accepted for kustomize compatibility; ${what}`).hideHelp());
  hidden('--enable-helm', 'kfm does not inflate helmCharts');
  hidden('--helm-command <path>', 'kfm does not run Helm');
  hidden('--helm-api-versions <versions...>', 'kfm does not run Helm');
  hidden('--helm-kube-version <version>', 'kfm does not run Helm');
  hidden('--helm-debug', 'kfm does not run Helm');
  hidden('--enable-alpha-plugins', 'kfm runs builtin plugins only');
  hidden('--enable-exec', 'kfm does not run exec functions');
  hidden('--network', 'kfm does not run container functions');
  hidden('--network-name <name>', 'kfm does not run container functions');
  hidden('--mount <mounts...>', 'kfm does not run container functions');
  hidden('-e, --env <vars...>', 'kfm does not run functions');
  hidden('--as-current-user', 'kfm does not run container functions');
  c.addHelpText('after', `
kustomize's --enable-helm, --helm-*, --enable-alpha-plugins, --enable-exec, --network, --mount
and --env are accepted and change nothing: kfm does not inflate Helm charts or run exec or
container functions, and a kustomization that asks for them fails with an error naming the field.`);
}

/** `version`: kustomize's version first (tools such as Argo CD parse it), then kfm's own. */
export function addVersionCommand(program: Command, dropIn: boolean): void {
  program
    .command('version')
    .description('Print the kustomize version kfm matches, and kfm\'s own')
    .option('--short', 'print only the kustomize version (deprecated in kustomize, still sent by Argo CD)')
    .addOption(new Option('-o, --output <format>', 'yaml or json').choices(['yaml', 'json']))
    .action((o: { short?: boolean; output?: 'yaml' | 'json' }) => {
      // Go's names for the platform, as kustomize prints them.
      const goArch = ({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch;
      const info = { version: KUSTOMIZE_VERSION, kfmVersion: VERSION, goOs: process.platform, goArch };
      if (o.output === 'json') writeStdout(JSON.stringify(info, null, 2) + '\n');
      else if (o.output === 'yaml') writeStdout(Object.entries(info).map(([k, v]) => `${k}: ${v}`).join('\n') + '\n');
      else if (o.short || dropIn) writeStdout(`${KUSTOMIZE_VERSION}\n`);
      else writeStdout(`${KUSTOMIZE_VERSION} (kfm ${VERSION})\n`);
    });
}

interface Spec {
  path: string[];
  subcommands: string[];
  options: string[];
}

function specs(c: Command, path: string[] = []): Spec[] {
  const here: Spec = {
    path,
    subcommands: c.commands.map((s) => s.name()),
    options: c.options.filter((o) => !o.hidden).flatMap((o) => [o.long, o.short].filter((x): x is string => Boolean(x))),
  };
  return [here, ...c.commands.flatMap((s) => specs(s, [...path, s.name()]))];
}

/** A completion script for bash, zsh or fish, made from the command tree itself. */
export function completionScript(program: Command, shell: string): string {
  const name = program.name();
  const all = specs(program).filter((s) => s.path[0] !== 'completion' || s.path.length === 1);
  const fn = `_${name.replace(/\W/g, '_')}_complete`;
  if (shell === 'fish') {
    const lines = [`# fish completion for ${name}: ${name} completion fish | source`];
    for (const s of all) {
      const cond = s.path.length ? `__fish_seen_subcommand_from ${s.path.at(-1)}` : '__fish_use_subcommand';
      for (const sub of s.subcommands) lines.push(`complete -c ${name} -f -n '${cond}' -a ${sub}`);
      for (const o of s.options.filter((x) => x.startsWith('--'))) lines.push(`complete -c ${name} -n '${cond}' -l ${o.slice(2)}`);
    }
    return lines.join('\n') + '\n';
  }
  const cases = all
    .map((s) => `    "${s.path.join(' ')}") words_here="${[...s.subcommands, ...s.options].join(' ')}" ;;`)
    .join('\n');
  const body = `${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w words_here=""
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$w" in -*) ;; *) if [ -z "$path" ]; then cand="$w"; else cand="$path $w"; fi
      case "$cand" in
${all.map((s) => `        "${s.path.join(' ')}") path="$cand" ;;`).filter((l) => !l.includes('"")')).join('\n')}
      esac ;;
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$words_here" -f -- "$cur") )
}`;
  if (shell === 'zsh') return `#compdef ${name}\n# zsh completion for ${name}: source <(${name} completion zsh)\nautoload -U +X bashcompinit && bashcompinit\n${body}\ncomplete -o default -F ${fn} ${name}\n`;
  return `# bash completion for ${name}: source <(${name} completion bash)\n${body}\ncomplete -o default -F ${fn} ${name}\n`;
}

/** `completion bash|zsh|fish`. */
export function addCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('Print a shell completion script: source <(kfm completion bash)')
    .argument('<shell>', 'bash, zsh or fish')
    .action((shell: string) => {
      if (!['bash', 'zsh', 'fish'].includes(shell)) throw new BuildError(`no completion for shell '${shell}': expected bash, zsh or fish`);
      writeStdout(completionScript(program, shell));
    });
}
