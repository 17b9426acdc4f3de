/**
 * The library entry point (`import { ... } from 'kube-sim'`): run kube-sim commands in-process against an
 * isolated cluster and get `{ stdout, stderr, exitCode }`.
 */
export { main, runCaptured } from './cli/main.js';
export type { Io, RunResult } from './cli/io.js';
export { MemoryStore, FileStore, type StateStore } from './store/store.js';
export { freshCluster } from './store/bootstrap.js';
