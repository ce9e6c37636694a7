/**
 * Where kfm keeps what it remembers between runs: $KFM_CACHE_DIR, else $XDG_CACHE_HOME/kfm, else
 * ~/.cache/kfm. The output cache and the remote cache (its `remote/` folder) both live there.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** kfm's cache folder (it may not exist yet). */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KFM_CACHE_DIR) return env.KFM_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kfm');
}
