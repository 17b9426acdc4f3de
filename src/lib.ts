/**
 * The library entry point (`import { ... } from 'kube-sim'`): run kube-sim commands in-process against an
 * isolated cluster and get `{ stdout, stderr, exitCode }`.
 */
export { main, runCaptured } from './cli/main.js';
export type { Io, RunResult } from './cli/io.js';
export { MemoryStore, FileStore, type StateStore } from './store/store.js';
export { freshCluster } from './store/bootstrap.js';
export { createCluster, type Cluster, type CreateClusterOptions } from './transcript/cluster.js';
export { runTranscript, formatResult, type TranscriptResult, type CommandResult, type RunTranscriptOptions } from './transcript/runner.js';
export { parseTranscript, type Transcript, type Step, type CommandStep } from './transcript/format.js';
