/**
 * redis-cli against the container's own redis-server (127.0.0.1:6379): PING answers PONG, ECHO its
 * argument; other commands are not simulated and say so.
 */
import { result, type Program } from '../types.js';

export const redisCli: Program = (args, ctx) => {
  const words = args.filter((a, i) => !a.startsWith('-') && !['-h', '-p', '-a', '-n'].includes(args[i - 1] ?? ''));
  const command = (words[0] ?? '').toUpperCase();
  if (command === 'PING') return result(words[1] === undefined ? 'PONG\n' : `${words[1]}\n`);
  if (command === 'ECHO' && words[1] !== undefined) return result(`${words[1]}\n`);
  ctx.sys.unsupported?.(`redis-cli ${command || '(interactive)'} is not simulated (PING and ECHO are)`);
  return result('', `redis-cli: this simulated redis-cli knows PING and ECHO\n`, 1);
};
