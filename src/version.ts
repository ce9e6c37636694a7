/** kfm's version, as `kfm version` prints it. */
export const VERSION = '0.1.0';
