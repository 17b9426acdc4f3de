/** Every command module, registered in this order (help lists them so). */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import * as get from './get.js';
import * as describe from './describe.js';
import * as create from './create.js';
import * as del from './delete.js';
import * as label from './label.js';
import * as annotate from './annotate.js';
import * as patch from './patch.js';
import * as edit from './edit.js';
import * as explain from './explain.js';
import * as apiResources from './api-resources.js';
import * as clusterInfo from './cluster-info.js';
import * as scale from './scale.js';
import * as run from './run.js';
import * as rollout from './rollout.js';
import * as logs from './logs.js';
import * as wait from './wait.js';
import * as expose from './expose.js';
import * as exec from './exec.js';
import * as portForward from './port-forward.js';
import * as ssh from './ssh.js';
import * as curl from './curl.js';
import * as proxy from './proxy.js';
import * as externalHost from './external-host.js';
import * as addons from './addons.js';
import * as test from './test.js';
import * as play from './play.js';
import * as serve from './serve.js';
import * as ui from './ui.js';
import * as cluster from './cluster.js';
// issue 16 part 1 (branch cli-a): kubectl's remaining commands.
import * as options from './options.js';
import * as config from './config.js';
import * as events from './events.js';
import * as apiVersions from './api-versions.js';
import * as top from './top.js';
import * as auth from './auth.js';
import * as nodeMaintenance from './node-maintenance.js';
import * as taint from './taint.js';
import * as set from './set.js';
import * as diff from './diff.js';
import * as simulatedDiff from './simulated-diff.js';
import * as cp from './cp.js';
import * as attach from './attach.js';
import * as kustomize from './kustomize.js';
import * as debug from './debug.js';
import * as completion from './completion.js';
import * as autoscale from './autoscale.js';

export interface CommandModule {
  register(program: Command, h: Harness): void;
}

export const commandModules: CommandModule[] = [
  get, describe, create, del, label, annotate, patch, edit, explain, apiResources, clusterInfo,
  scale, run, rollout, logs, wait, expose, exec, portForward, ssh, curl, proxy, externalHost, addons, test, play, serve, ui, cluster,
  // issue 16 part 1 (branch cli-a)
  config, events, apiVersions, top, auth, nodeMaintenance, taint, set, diff, simulatedDiff, cp, attach, options, kustomize, debug,
  autoscale,
  // Last: its __complete builds the whole program.
  completion,
];

/**
 * The top-level commands each module registers (names and aliases), in commandModules' order: a run
 * looks its command up here and initialises and registers only the module that owns it, instead of
 * every module before it (up to ~7 ms for the later ones at start-up). test/cli/command-owners.test.ts
 * checks it against what the modules register.
 */
export const COMMAND_NAMES: readonly (readonly string[])[] = [
  ['get'], ['describe'], ['create', 'apply', 'replace'], ['delete'], ['label'], ['annotate'], ['patch'], ['simulated-editor', 'edit'], ['explain'], ['api-resources'], ['cluster-info'],
  ['scale'], ['run'], ['rollout'], ['logs'], ['wait'], ['expose'], ['exec'], ['port-forward'], ['ssh'], ['curl'], ['proxy'], ['external-host'], ['addons'], ['test'], ['play'], ['serve'], ['ui'], ['reset', 'advance', 'version'],
  ['config'], ['events'], ['api-versions'], ['top'], ['auth'], ['cordon', 'uncordon', 'drain'], ['taint'], ['set'], ['diff'], ['simulated-diff'], ['cp'], ['attach'], ['options'], ['kustomize'], ['debug'],
  ['autoscale'],
  ['completion', '__complete', '__completeNoDesc'],
];
