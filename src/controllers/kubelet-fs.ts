/**
 * The filesystem a container starts with: the image's skeleton plus what the kubelet and runtime write
 * (/etc/hostname, /etc/hosts per the kubelet's managed hosts file, /etc/resolv.conf from the cluster DNS
 * settings, copies of subPath mounts). Reset to this on every container restart; volumes are mounted over it.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { ImageInfo } from '../network/images.js';
import { resolvConf, hostsFile, podHostname } from '../network/dns.js';
import { nginxWelcomePage } from '../network/apps.js';
import { subPathFiles } from './kubelet-volumes.js';

const DIRS = ['/', '/bin/', '/dev/', '/etc/', '/home/', '/lib/', '/proc/', '/root/', '/run/', '/sbin/', '/sys/', '/tmp/', '/usr/', '/usr/bin/', '/usr/local/', '/usr/local/bin/', '/usr/sbin/', '/var/', '/var/log/', '/var/run/'];

/** The files of a freshly started container. */
export function initialFiles(state: ClusterState, pod: KubeObject, container: string, image: ImageInfo, imageRef: string, podIP: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const d of DIRS) files[d] = '';
  files['/etc/hostname'] = `${podHostname(pod)}\n`;
  files['/etc/hosts'] = hostsFile(state, pod, podIP);
  files['/etc/resolv.conf'] = resolvConf(state, pod);
  files['/etc/os-release'] = `PRETTY_NAME="${image.os}"\nNAME="${image.os.split(' ')[0]}"\n`;
  files['/dev/termination-log'] = '';
  // Volumes (the service-account token's projected volume among them) are mounted over these files by
  // kubelet-volumes.ts; subPath mounts of API volumes are copies made now, at container start.
  Object.assign(files, subPathFiles(state, pod, container));
  if (image.app === 'nginx' || image.app === 'nginx-https') {
    files['/usr/share/'] = '';
    files['/usr/share/nginx/'] = '';
    files['/usr/share/nginx/html/'] = '';
    files['/usr/share/nginx/html/index.html'] = nginxWelcomePage(imageRef);
    files['/usr/share/nginx/html/50x.html'] = '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n';
    if (image.repo === 'ikubernetes/myapp') files['/usr/share/nginx/html/hostname.html'] = `${podHostname(pod)}\n`;
  }
  // The image's own files win over the defaults above (a custom index.html).
  Object.assign(files, image.files);
  // Parent directories of image files, so `ls` of a parent works.
  for (const p of Object.keys(files)) {
    let i = p.indexOf('/', 1);
    while (i > 0 && i < p.length - 1) {
      files[p.slice(0, i + 1)] ??= '';
      i = p.indexOf('/', i + 1);
    }
  }
  return files;
}
