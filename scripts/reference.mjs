// Locating and running the reference kustomize (kubectl's built-in kustomize v5.6.0).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const REFERENCE = process.env.KFM_REFERENCE ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

export function haveReference() {
  return existsSync(REFERENCE);
}

/** Runs `kubectl kustomize DIR [args]`; returns { code, stdout, stderr }. */
export function runReference(dir, args = []) {
  const r = spawnSync(REFERENCE, ['kustomize', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
