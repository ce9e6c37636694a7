/** kfm's version, as `kfm version` prints it. */
export const VERSION = '0.2.0';

/** The kustomize release whose `build` output kfm reproduces, as `kustomize version` prints it. */
export const KUSTOMIZE_VERSION = 'v5.7.1';
