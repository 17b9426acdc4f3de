/**
 * What the shell needs to know about an image, derived from the image catalogue (src/network/images.ts):
 * its userland family (BusyBox or Debian-like, which decides error wording, prompts and ping output),
 * the programs it ships and which nslookup it has.
 */
import { imageInfo } from '../network/images.js';

export type NslookupStyle = 'bind9' | 'busybox' | 'busybox-1.28';

export interface ImageProfile {
  family: 'busybox' | 'debian';
  /** Programs on the PATH (shell builtins such as echo, cd, exit are always there). */
  programs: Set<string>;
  /** Programs the image keeps outside the bin directories, by absolute path (`/kube-webhook-certgen`). */
  paths?: Set<string>;
  nslookup: NslookupStyle;
  /** `ping` output flavour. */
  ping: 'busybox' | 'iputils';
}

/** The profile of an image reference such as `busybox:1.28`, `tutum/dnsutils`, `luksa/kubia`. */
export function imageProfile(image: string): ImageProfile {
  const info = imageInfo(image);
  const programs = new Set(info.programs);
  const family = programs.has('ash') || /alpine|busybox|cirros/i.test(info.os) ? 'busybox' : 'debian';
  let nslookup: NslookupStyle = info.nslookup ?? (family === 'busybox' ? 'busybox' : 'bind9');
  // busybox:1.28 (the DNS-debugging page's image) still has the classic nslookup.
  if (/^busybox:1\.(2\d|30)(\.|$)/.test(image.replace(/^(docker\.io\/)?(library\/)?/, ''))) nslookup = 'busybox-1.28';
  const paths = new Set(Object.keys(info.files ?? {}).filter((f) => programs.has(f.slice(f.lastIndexOf('/') + 1))));
  return { family, programs, ...(paths.size ? { paths } : {}), nslookup, ping: family === 'busybox' ? 'busybox' : 'iputils' };
}
