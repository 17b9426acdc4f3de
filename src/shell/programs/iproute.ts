/**
 * `ip addr` / `ip route` / `ip link` as a pod sees its network on kind: loopback plus eth0, one end of a
 * point-to-point veth pair (kindnet's ptp plugin) with a /24 from the node's pod CIDR, routed through the
 * node's side (the range's .1). BusyBox's `ip` and iproute2's differ in small ways, both are kept. The MAC
 * (and so the IPv6 link-local address) and the peer's interface index come from a hash of the pod.
 */
import { createHash } from 'node:crypto';
import { busyboxBanner } from '../images.js';
import { result, type Program, type ProgramCtx } from '../types.js';

interface PodNet {
  ip: string;
  prefix: string;
  gateway: string;
  broadcast: string;
  mac: string;
  linkLocal: string;
  peerIndex: number;
}

/** The pod's network as the CNI plugin configured it (undefined outside a pod with an IP). */
function podNet(ctx: ProgramCtx): PodNet | undefined {
  const o = ctx.sys.net.origin;
  if (o.kind !== 'pod' || !o.ip) return undefined;
  const parts = o.ip.split('.');
  const net = parts.slice(0, 3).join('.');
  const h = createHash('sha256').update(o.pod.metadata.uid ?? o.ip).digest();
  const mac = [(h[0]! & 0xfe) | 0x02, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!];
  const hex = (b: number) => b.toString(16).padStart(2, '0');
  const eui = [mac[0]! ^ 0x02, mac[1]!, mac[2]!, 0xff, 0xfe, mac[3]!, mac[4]!, mac[5]!];
  const groups = [0, 2, 4, 6].map((i) => ((eui[i]! << 8) | eui[i + 1]!).toString(16));
  return {
    ip: o.ip,
    prefix: `${net}.0/24`,
    gateway: `${net}.1`,
    broadcast: `${net}.255`,
    mac: mac.map(hex).join(':'),
    linkLocal: `fe80::${groups.join(':')}`,
    peerIndex: 5 + (h[6]! % 40),
  };
}

function usage(busybox: boolean, banner: string): string {
  if (busybox) return `${banner}\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n\nOPTIONS := -f[amily] inet|inet6|link | -o[neline]\n\nip addr add|del IFADDR dev IFACE | show|flush [dev IFACE] [to PREFIX]\nip route list|flush|add|del|change|append|replace|test ROUTE\nip link set IFACE [up|down] [arp on|off] [multicast on|off]\n\t[promisc on|off] [mtu NUM] [name NAME] [qlen NUM] [address MAC]\n\t[master IFACE | nomaster]\nip tunnel add|change|del|show [NAME]\n\t[mode ipip|gre|sit]\n\t[remote ADDR] [local ADDR] [ttl TTL]\nip neigh show|flush [to PREFIX] [dev DEV] [nud STATE]\nip rule [list] | add|del SELECTOR ACTION\n`;
  return 'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\nwhere  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp | link |\n                   macsec | maddress | monitor | mptcp | mroute | mrule |\n                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n                   ntbl | route | rule | sr | stats | tap | tcpmetrics |\n                   token | tunnel | tuntap | vrf | xfrm }\n';
}

function links(n: PodNet, busybox: boolean): { lo: string; eth: string } {
  if (busybox) {
    return {
      lo: '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n',
      eth: `2: eth0@if${n.peerIndex}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n    link/ether ${n.mac} brd ff:ff:ff:ff:ff:ff\n`,
    };
  }
  return {
    lo: '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n',
    eth: `2: eth0@if${n.peerIndex}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default \n    link/ether ${n.mac} brd ff:ff:ff:ff:ff:ff link-netnsid 0\n`,
  };
}

/** `ip addr`, limited to a family (`-4`, `-6`) and a device (`show eth0`, `show dev eth0`) when asked. */
function addresses(n: PodNet, busybox: boolean, family: 'inet' | 'inet6' | undefined, dev: string | undefined): string {
  const l = links(n, busybox);
  const strip = (t: string) => (busybox ? t : t.replace(' mode DEFAULT', ''));
  // Both print a space after the scope of an IPv6 address (and BusyBox after the qdisc, above).
  const blocks: [string, string, string, string][] = [
    ['lo', strip(l.lo), '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n', '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n'],
    [
      'eth0',
      strip(l.eth),
      `    inet ${n.ip}/24 brd ${n.broadcast} scope global eth0\n       valid_lft forever preferred_lft forever\n`,
      `    inet6 ${n.linkLocal}/64 scope link \n       valid_lft forever preferred_lft forever\n`,
    ],
  ];
  return blocks
    .filter(([name]) => !dev || dev === name)
    .map(([, link, v4, v6]) => {
      // With a family, the link's ether/loopback line is left out, as both ip's do.
      if (family) return link.split('\n')[0] + '\n' + (family === 'inet' ? v4 : v6);
      return link + v4 + v6;
    })
    .join('');
}

function routes(n: PodNet, busybox: boolean): string {
  const end = busybox ? ' \n' : '\n';
  return `default via ${n.gateway} dev eth0${end}${n.prefix} via ${n.gateway} dev eth0 src ${n.ip}${end}${n.gateway} dev eth0 scope link src ${n.ip}${end}`;
}

/** `ip`: address, route and link (show) of a pod's network namespace. */
export const ip: Program = (args, ctx) => {
  const busybox = ctx.sys.image.family === 'busybox' && !ctx.sys.image.programs.has('ss');
  const banner = busyboxBanner(ctx.sys.image);
  const family = args.includes('-4') ? 'inet' : args.includes('-6') ? 'inet6' : undefined;
  const words = args.filter((a) => !a.startsWith('-'));
  const object = words[0] ?? '';
  const n = podNet(ctx);
  if (!object) return result('', usage(busybox, banner), busybox ? 1 : 255);
  if (!n) return result('', 'ip: this simulated ip shows the network of a pod only\n', 1);
  const verb = words[1] ?? 'show';
  if (!['show', 'list', 'ls', 'lst'].includes(verb)) {
    ctx.sys.unsupported?.(`ip ${object} ${verb} is not simulated (only show)`);
    return result('', busybox ? `ip: RTNETLINK answers: Operation not permitted\n` : 'RTNETLINK answers: Operation not permitted\n', 2);
  }
  const dev = words[2] === 'dev' ? words[3] : words[2];
  if (dev && dev !== 'lo' && dev !== 'eth0') return result('', busybox ? `ip: can't find device '${dev}'\n` : `Device "${dev}" does not exist.\n`, 1);
  if ('address'.startsWith(object) || object === 'addr') return result(addresses(n, busybox, family, dev));
  if ('route'.startsWith(object)) return result(routes(n, busybox));
  if ('link'.startsWith(object)) {
    const l = links(n, busybox);
    return result(l.lo + l.eth);
  }
  return result('', busybox ? `ip: invalid argument '${object}' to 'ip'\n` : `Object "${object}" is unknown, try "ip help".\n`, busybox ? 1 : 255);
};
