/**
 * `create service clusterip|nodeport|loadbalancer|externalname NAME [--tcp=port[:targetPort]] ...`, as
 * kubectl 1.32 generates them: label and selector `app=NAME`, port names `80-8080`, explicit type, and API
 * errors wrapped as `failed to create <Type> service: <server message>`.
 */
import type { Command } from 'commander';
import type { Generator } from './create-generators.js';
import type { Harness } from '../harness.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError, CliError } from '../../api/errors.js';
import { writeService } from './service-write.js';
import { goInt } from '../argv.js';
import { portNameProblems } from '../../kinds/service-validate.js';

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',')];

interface ServiceGenOptions {
  tcp?: string[];
  nodePort?: string;
  clusterip?: string;
  externalName?: string;
  output?: string;
  dryRun?: string | boolean;
}

type SvcType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

/** utilsnet.ParsePort + IsValidPortName/IsValidPortNum, with their error texts. */
function parseTcp(spec: string): { name: string; port: number; targetPort: number | string } {
  const [p, t] = spec.split(':');
  if (!/^\d+$/.test(p ?? '')) throw new CliError(`strconv.ParseUint: parsing ${JSON.stringify(p ?? '')}: invalid syntax`);
  const port = Number(p);
  if (port > 65535) throw new CliError(`strconv.ParseUint: parsing ${JSON.stringify(p)}: value out of range`);
  let targetPort: number | string = port;
  if (t !== undefined) {
    if (/^-?\d+$/.test(t)) {
      targetPort = Number(t);
      if (targetPort < 1 || targetPort > 65535) throw new CliError('must be between 1 and 65535, inclusive');
    } else {
      const errs = portNameProblems(t);
      if (errs.length) throw new CliError(errs.join(','));
      targetPort = t;
    }
  }
  return { name: spec.replace(/:/g, '-'), port, targetPort };
}

/** The Service object a generator produces (before any server defaulting). */
export function generateService(type: SvcType, name: string, opts: ServiceGenOptions): KubeObject {
  const tcp = opts.tcp ?? [];
  if (type === 'ExternalName') {
    if (!opts.externalName) throw new CliError('required flag(s) "external-name" not set');
  } else if (!tcp.length && opts.clusterip !== 'None') {
    throw new CliError('at least one tcp port specifier must be provided');
  }
  if (opts.clusterip === 'None' && type !== 'ClusterIP') throw new CliError('ClusterIP=None can only be used with ClusterIP service type');
  // pflag checked it (an Int) before the command ran (argv.ts).
  const nodePort = opts.nodePort !== undefined ? goInt(opts.nodePort) : 0;
  const ports = type === 'ExternalName' ? [] : tcp.map((s) => {
    const p = parseTcp(s);
    return { name: p.name, port: p.port, protocol: 'TCP', targetPort: p.targetPort, ...(nodePort && type === 'NodePort' ? { nodePort } : {}) };
  });
  const spec: Record<string, unknown> = {
    ...(ports.length ? { ports } : {}),
    selector: { app: name },
    type,
  };
  if (type === 'ExternalName') spec.externalName = opts.externalName;
  if (opts.clusterip) spec.clusterIP = opts.clusterip;
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { app: name } }, spec };
}

function register(create: Command, h: Harness): void {
  const service = create.command('service').alias('svc').description('Create a service using a specified subcommand');
  const sub = (cmdName: string, type: SvcType, extra: (c: Command) => Command) => {
    const c = service
      .command(cmdName)
      .description(`Create a ${type} service`)
      .argument('[name...]')
      .option('-o, --output <format>', 'Output format')
      .option('--dry-run [mode]', 'none, client or server')
      .option('--validate <mode>', 'Accepted for compatibility')
      .option('--save-config', 'Accepted for compatibility');
    extra(c).action(
      h.action<ServiceGenOptions>((ctx, args, _opts, cmd) => {
        const opts = cmd.optsWithGlobals() as ServiceGenOptions;
        if (args.length !== 1) throw new CliError(`exactly one NAME is required, got ${args.length}`, `create service ${cmdName}`);
        const svc = generateService(type, args[0]!, opts);
        return writeService(ctx, svc, opts, 'created', (e) => {
          if (e instanceof ApiError) {
            const msg = e.details && e.reason === 'Invalid' ? e.message : e.message;
            throw new CliError(`failed to create ${type} service: ${msg}`);
          }
          throw e;
        });
      }),
    );
  };
  sub('clusterip', 'ClusterIP', (c) =>
    c.option('--tcp <port:targetPort>', 'Port pairs can be specified as <port>:<targetPort>', collect).option('--clusterip <ip>', 'Assign your own ClusterIP or set to None for a headless service'),
  );
  sub('nodeport', 'NodePort', (c) =>
    c.option('--tcp <port:targetPort>', 'Port pairs can be specified as <port>:<targetPort>', collect).option('--node-port <port>', 'Port used to expose the service on each node in a cluster'),
  );
  sub('loadbalancer', 'LoadBalancer', (c) => c.option('--tcp <port:targetPort>', 'Port pairs can be specified as <port>:<targetPort>', collect));
  sub('externalname', 'ExternalName', (c) =>
    c.option('--external-name <name>', 'External name of service').option('--tcp <port:targetPort>', 'Port pairs can be specified as <port>:<targetPort>', collect),
  );
}

export const serviceGenerators: Generator[] = [register];
