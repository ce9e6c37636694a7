// The start-up scripts of the kserve-huggingfaceserver-multinode ClusterServingRuntime (our own
// program text, applications/kserve/kserve/README.md), run with bash against stub `ray`,
// `python` and `sleep` commands that log their arguments.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';

type Container = { name: string; command: string[]; args?: string[] };
const runtime = load(readFileSync(join(import.meta.dirname,
  '../../applications/kserve/kserve/cluster-resources/huggingfaceserver-multinode.yaml'), 'utf8')) as {
  spec: { containers: Container[]; workerSpec: { containers: Container[] } };
};
const head = runtime.spec.containers.find((c) => c.name === 'kserve-container')!;
const worker = runtime.spec.workerSpec.containers.find((c) => c.name === 'worker-container')!;

/** Runs a container's `bash -c SCRIPT ARGS...` with stubs; returns the logged calls. The script
 * must fail exactly when `mayFail`. */
function run(c: Container, env: Record<string, string>, stubs: Record<string, string>, args: string[] = [],
  mayFail = false): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kserve-mn-'));
  try {
    const log = join(dir, 'calls.log');
    for (const [cmd, body] of Object.entries(stubs)) {
      const f = join(dir, cmd);
      writeFileSync(f, `#!/bin/bash\necho "${cmd} $*" >> "${log}"\n${body}\n`);
      chmodSync(f, 0o755);
    }
    expect(c.command.slice(0, 2)).toEqual(['bash', '-c']);
    let failed = false;
    try {
      execFileSync('bash', ['-c', c.command[2], ...args], {
        cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin`, STATE: dir, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000,
      });
    } catch (e) {
      if (!mayFail) throw e;
      failed = true;
    }
    expect(failed).toBe(mayFail);
    return readFileSync(log, 'utf8').trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A stub body that fails the first N calls matching a pattern, then succeeds. */
const failFirst = (n: number, pattern: string) =>
  `if [[ "$*" == *${pattern}* ]]; then c=$(cat "$STATE/n" 2>/dev/null || echo 0); echo $((c+1)) > "$STATE/n"; [ "$c" -ge ${n} ] || exit 1; fi; exit 0`;

describe('kserve-huggingfaceserver-multinode scripts', () => {
  const headEnv = { POD_IP: '10.1.2.3', RAY_PORT: '6379', TENSOR_PARALLEL_SIZE: '2', PIPELINE_PARALLEL_SIZE: '3' };

  it('head: starts the Ray head, waits for the workers and GPUs, then serves the model', () => {
    const calls = run(head, { ...headEnv, MODEL_ID: 'org/model' },
      { ray: 'exit 0', python: failFirst(2, 'registered_nodes'), sleep: 'exit 0' },
      [...(head.args ?? []).map((a) => a.replace('{{.Name}}', 'llm')), '--max_model_len=4096']);
    expect(calls).toEqual([
      'ray start --head --port=6379 --disable-usage-stats --include-dashboard false',
      'python ./huggingfaceserver/health_check.py registered_nodes --retries 200 --probe_name runtime_start',
      'sleep 2',
      'python ./huggingfaceserver/health_check.py registered_nodes --retries 200 --probe_name runtime_start',
      'sleep 2',
      'python ./huggingfaceserver/health_check.py registered_nodes --retries 200 --probe_name runtime_start',
      'python ./huggingfaceserver/health_check.py registered_node_and_gpu --retries 200 --probe_name runtime_start',
      'python -m huggingfaceserver --model_dir=org/model --tensor-parallel-size=2 --pipeline-parallel-size=3 --model_name=llm --max_model_len=4096',
    ]);
  });

  it('head: without MODEL_ID the server gets no --model_dir (the storage initializer provides it)', () => {
    const calls = run(head, headEnv, { ray: 'exit 0', python: 'exit 0', sleep: 'exit 0' }, ['--model_name=llm']);
    expect(calls.at(-1)).toBe('python -m huggingfaceserver --tensor-parallel-size=2 --pipeline-parallel-size=3 --model_name=llm');
  });

  it('head: fails (and the pod restarts) when the Ray head cannot start or the GPUs never join', () => {
    expect(run(head, headEnv, { ray: 'exit 1', python: 'exit 0', sleep: 'exit 0' }, ['--model_name=llm'], true))
      .toEqual(['ray start --head --port=6379 --disable-usage-stats --include-dashboard false']);
    const calls = run(head, headEnv, { ray: 'exit 0', python: '[[ "$*" != *registered_node_and_gpu* ]]', sleep: 'exit 0' },
      ['--model_name=llm'], true);
    expect(calls.at(-1)).toContain('registered_node_and_gpu');
    expect(calls.join('\n')).not.toContain('-m huggingfaceserver');
  });

  it('worker: waits for a healthy Ray head, then joins it and blocks', () => {
    const calls = run(worker, { HEAD_SVC: 'llm-head', POD_NAMESPACE: 'team-a' },
      { ray: failFirst(2, 'health-check'), sleep: 'exit 0' });
    const addr = 'llm-head.team-a.svc.cluster.local:6379';
    expect(calls).toEqual([
      `ray health-check --address ${addr}`, 'sleep 5',
      `ray health-check --address ${addr}`, 'sleep 5',
      `ray health-check --address ${addr}`,
      `ray start --address=${addr} --block`,
    ]);
  });
});
