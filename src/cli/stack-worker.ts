/**
 * The kfm command on a thread with a large stack (see rerunOnLargeStack in main.ts): input that
 * nests as deep as kustomize allows (10,000 levels of YAML, long chains of overlays) builds here.
 */
import { workerData } from 'node:worker_threads';
import { useLargeStack } from '../yaml/normalize.js';
import { main } from './main.js';

useLargeStack();
main((workerData as { argv: string[] }).argv);
