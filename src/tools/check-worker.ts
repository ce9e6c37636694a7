/** A `kfm check` worker thread: builds the roots it is sent and reports each outcome. */
import { parentPort } from 'node:worker_threads';
import { buildRoot } from './check.js';

parentPort!.on('message', (job: { dir: string; component: boolean; i: number }) => {
  parentPort!.postMessage({ i: job.i, ...buildRoot(job.dir, job.component) });
});
