/** The resource stage: resources, their ids, and the ordered resource list. */
export * from './id.js';
export * from './resource.js';
export * from './resmap.js';
export * from './selector.js';
export * from './reread.js';
