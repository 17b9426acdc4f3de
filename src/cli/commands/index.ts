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

export interface CommandModule {
  register(program: Command, h: Harness): void;
}

export const commandModules: CommandModule[] = [
  get, describe, create, del, label, annotate, patch, edit, explain, apiResources, clusterInfo,
  scale, run, rollout, logs, wait, expose, exec, portForward, ssh, curl, proxy, externalHost, addons, test, play, serve, ui, cluster,
];
