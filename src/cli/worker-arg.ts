/**
 * The argument a walkthrough worker of `test --jobs` is started with. Its own module, so that the bundle's
 * entry (bin.ts) can look for it without initialising the walkthrough runner on every start-up.
 */
export const WORKER_ARG = '--kube-sim-walkthrough-worker';
