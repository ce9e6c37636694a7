/** Field-spec tables and the walker that applies them. */
export * from './fieldspec.js';
export * from './tables.js';
export * from './namereference.js';
