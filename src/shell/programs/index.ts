/** Every simulated program as `{ name, run(args, ctx) }`; an image decides which of them it ships. */
import type { ProgramDef } from '../types.js';
import { corePrograms } from './core.js';
import { textPrograms } from './text.js';
import { sed } from './sed.js';
import { awk } from './awk.js';
import { jq } from './jq.js';
import { httpPrograms } from './http.js';
import { dnsPrograms } from './dns.js';
import { nodePrograms } from './node.js';
import { ip } from './iproute.js';
import { agnhost } from './agnhost.js';
import { apk } from './apk.js';
import { aptGet } from './apt.js';
import { redisCli } from './redis.js';
import { kill } from './kill.js';
import { openssl } from './openssl.js';
import { nc } from './netcat.js';
import { ps } from './ps.js';
import { certgenProgram } from '../../addons/ingress-nginx/admission-secret.js';

export const PROGRAMS: ProgramDef[] = Object.entries({ ...corePrograms, ...textPrograms, sed, awk, jq, ...httpPrograms, ...dnsPrograms, ...nodePrograms, ip, agnhost, apk, 'apt-get': aptGet, 'redis-cli': redisCli, kill, openssl, nc, ps }).map(([name, run]) => ({ name, run }));
// Programs of add-on images (ingress-nginx's admission Jobs).
PROGRAMS.push(certgenProgram);
