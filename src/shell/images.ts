/**
 * What the shell needs to know about an image, derived from the image catalogue (src/network/images.ts):
 * its userland family (BusyBox or Debian-like, which decides error wording, prompts and ping output),
 * the programs it ships and which nslookup it has.
 */
import { BUSYBOX_BUILDS, imageInfo } from '../network/images.js';

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
  /** The BusyBox build its applets name in usage messages (BusyBox images). */
  busybox?: string;
}

/** `BusyBox v1.37.0 (...) multi-call binary.`, the first line of a BusyBox applet's usage message. */
export function busyboxBanner(image: ImageProfile): string {
  return `BusyBox ${image.busybox ?? BUSYBOX_BUILDS.v1_36} multi-call binary.`;
}

/** The profile of an image reference such as `busybox:1.28`, `tutum/dnsutils`, `luksa/kubia`. */
export function imageProfile(image: string): ImageProfile {
  const info = imageInfo(image);
  const programs = new Set(info.programs);
  const family = programs.has('ash') || /alpine|busybox|cirros/i.test(info.os) ? 'busybox' : 'debian';
  const nslookup: NslookupStyle = info.nslookup ?? (family === 'busybox' ? 'busybox' : 'bind9');
  const paths = new Set(Object.keys(info.files ?? {}).filter((f) => programs.has(f.slice(f.lastIndexOf('/') + 1))));
  return { family, programs, ...(paths.size ? { paths } : {}), nslookup, ping: family === 'busybox' ? 'busybox' : 'iputils', busybox: info.busybox };
}
