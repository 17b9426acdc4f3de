/** Every simulated program as `{ name, run(args, ctx) }`; an image decides which of them it ships. */
import type { ProgramDef } from '../types.js';
import { corePrograms } from './core.js';
import { httpPrograms } from './http.js';
import { dnsPrograms } from './dns.js';
import { nodePrograms } from './node.js';

export const PROGRAMS: ProgramDef[] = Object.entries({ ...corePrograms, ...httpPrograms, ...dnsPrograms, ...nodePrograms }).map(([name, run]) => ({ name, run }));
