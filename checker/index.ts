export * from './history.js';
export * from './models/kv-types.js';
