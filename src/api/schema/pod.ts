/** core/v1 Pod types: PodSpec, Container and everything they hold (the fields the chapter's manifests use, and the rest of PodSpec so real manifests decode). */
import { obj, str, i32, i64, bool, intstr, quantity, strMap, strList, arr, map, named, anyObj, type FieldType } from './types.js';
import { objectMeta } from './meta.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
export const protocol = named('v1.Protocol', PROTOCOLS);

const resourceList = map(quantity, 'v1.ResourceList', 'map[string]Quantity');

const keySelector = (name: string, what: string) =>
  obj(name, `Selects a key from a ${what}.`, () => ({
    key: [str, 'The key to select.', true],
    name: [str, `Name of the referent ${what}.`],
    optional: [bool, `Specify whether the ${what} or its key must be defined.`],
  }));

const envVarSource = obj('EnvVarSource', 'EnvVarSource represents a source for the value of an EnvVar.', () => ({
  configMapKeyRef: [keySelector('ConfigMapKeySelector', 'ConfigMap'), 'Selects a key of a ConfigMap.'],
  fieldRef: [obj('ObjectFieldSelector', 'ObjectFieldSelector selects an APIVersioned field of an object.', () => ({
    apiVersion: [str, 'Version of the schema the FieldPath is written in terms of, defaults to "v1".'],
    fieldPath: [str, 'Path of the field to select in the specified API version.', true],
  })), 'Selects a field of the pod: metadata.name, metadata.namespace, metadata.labels[...], metadata.annotations[...], spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.'],
  resourceFieldRef: [obj('ResourceFieldSelector', 'ResourceFieldSelector represents container resources (cpu, memory) and their output format.', () => ({
    containerName: [str, 'Container name: required for volumes, optional for env vars.'],
    divisor: [quantity, 'Specifies the output format of the exposed resources, defaults to "1".'],
    resource: [str, 'Required: resource to select.', true],
  })), 'Selects a resource of the container: only resources limits and requests are currently supported.'],
  secretKeyRef: [keySelector('SecretKeySelector', 'secret'), "Selects a key of a secret in the pod's namespace."],
}));

const envVar = obj('EnvVar', 'EnvVar represents an environment variable present in a Container.', () => ({
  name: [str, 'Name of the environment variable. Must be a C_IDENTIFIER.', true],
  value: [str, 'Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. Defaults to "".'],
  valueFrom: [envVarSource, "Source for the environment variable's value. Cannot be used if value is not empty."],
}));

const envFromRef = (name: string, what: string) => obj(name, `Selects a ${what} to populate the environment variables with.`, () => ({
  name: [str, `Name of the referent ${what}.`],
  optional: [bool, `Specify whether the ${what} must be defined.`],
}));

const envFromSource = obj('EnvFromSource', 'EnvFromSource represents the source of a set of ConfigMaps or Secrets.', () => ({
  configMapRef: [envFromRef('ConfigMapEnvSource', 'ConfigMap'), 'The ConfigMap to select from.'],
  prefix: [str, 'Optional text to prepend to the name of each environment variable. Must be a C_IDENTIFIER.'],
  secretRef: [envFromRef('SecretEnvSource', 'Secret'), 'The Secret to select from.'],
}));

export const containerPort = obj('ContainerPort', 'ContainerPort represents a network port in a single container.', () => ({
  containerPort: [i32, "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.", true],
  hostIP: [str, 'What host IP to bind the external port to.'],
  hostPort: [i32, 'Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536.'],
  name: [str, 'If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.'],
  protocol: [protocol, 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'],
}));

const httpHeader = obj('HTTPHeader', 'HTTPHeader describes a custom header to be used in HTTP probes', () => ({
  name: [str, 'The header field name.', true],
  value: [str, 'The header field value', true],
}));

const httpGet = obj('HTTPGetAction', 'HTTPGetAction describes an action based on HTTP Get requests.', () => ({
  host: [str, 'Host name to connect to, defaults to the pod IP. You probably want to set "Host" in httpHeaders instead.'],
  httpHeaders: [arr(httpHeader), 'Custom headers to set in the request. HTTP allows repeated headers.'],
  path: [str, 'Path to access on the HTTP server.'],
  port: [intstr, 'Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.', true],
  scheme: [named('v1.URIScheme', ['HTTP', 'HTTPS']), 'Scheme to use for connecting to the host. Defaults to HTTP.'],
}));

const tcpSocket = obj('TCPSocketAction', 'TCPSocketAction describes an action based on opening a socket', () => ({
  host: [str, 'Optional: Host name to connect to, defaults to the pod IP.'],
  port: [intstr, 'Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.', true],
}));

const execAction = obj('ExecAction', 'ExecAction describes a "run in container" action.', () => ({
  command: [strList, 'Command is the command line to execute inside the container; it is not run in a shell. Exit status 0 is treated as live/healthy and non-zero is unhealthy.'],
}));

export const probe = obj('Probe', 'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.', () => ({
  exec: [execAction, 'Exec specifies a command to execute in the container.'],
  failureThreshold: [i32, 'Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.'],
  grpc: [obj('GRPCAction', 'GRPCAction specifies an action involving a GRPC service.', () => ({
    port: [i32, 'Port number of the gRPC service. Number must be in the range 1 to 65535.', true],
    service: [str, 'Service is the name of the service to place in the gRPC HealthCheckRequest.'],
  })), 'GRPC specifies a GRPC HealthCheckRequest.'],
  httpGet: [httpGet, 'HTTPGet specifies an HTTP GET request to perform.'],
  initialDelaySeconds: [i32, 'Number of seconds after the container has started before liveness probes are initiated.'],
  periodSeconds: [i32, 'How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.'],
  successThreshold: [i32, 'Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup.'],
  tcpSocket: [tcpSocket, 'TCPSocket specifies a connection to a TCP port.'],
  terminationGracePeriodSeconds: [i64, 'Optional duration in seconds the pod needs to terminate gracefully upon probe failure.'],
  timeoutSeconds: [i32, 'Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1.'],
}));

const resources = obj('ResourceRequirements', 'ResourceRequirements describes the compute resource requirements.', () => ({
  claims: [arr(anyObj('v1.ResourceClaim')), 'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.'],
  limits: [resourceList, 'Limits describes the maximum amount of compute resources allowed.'],
  requests: [resourceList, 'Requests describes the minimum amount of compute resources required. If omitted, it defaults to Limits if that is explicitly specified.'],
}));

const volumeMount = obj('VolumeMount', 'VolumeMount describes a mounting of a Volume within a container.', () => ({
  mountPath: [str, "Path within the container at which the volume should be mounted. Must not contain ':'.", true],
  mountPropagation: [named('v1.MountPropagationMode'), 'Determines how mounts are propagated from the host to container and the other way around.'],
  name: [str, 'This must match the Name of a Volume.', true],
  readOnly: [bool, 'Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.'],
  recursiveReadOnly: [named('v1.RecursiveReadOnlyMode'), 'Specifies whether read-only mounts should be handled recursively.'],
  subPath: [str, "Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."],
  subPathExpr: [str, 'Expanded path within the volume from which the container\'s volume should be mounted.'],
}));

const containerFields = () => ({
  args: [strList, "Arguments to the entrypoint. The container image's CMD is used if this is not provided."],
  command: [strList, "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided."],
  env: [arr(envVar), 'List of environment variables to set in the container. Cannot be updated.'],
  envFrom: [arr(envFromSource), 'List of sources to populate environment variables in the container.'],
  image: [str, 'Container image name. More info: https://kubernetes.io/docs/concepts/containers/images'],
  imagePullPolicy: [named('v1.PullPolicy', ['Always', 'IfNotPresent', 'Never']), 'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.'],
  lifecycle: [anyObj('v1.Lifecycle'), 'Actions that the management system should take in response to container lifecycle events.'],
  livenessProbe: [probe, 'Periodic probe of container liveness. Container will be restarted if the probe fails.'],
  name: [str, 'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.', true],
  ports: [arr(containerPort), 'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed.'],
  readinessProbe: [probe, 'Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails.'],
  resizePolicy: [arr(anyObj('v1.ContainerResizePolicy')), 'Resources resize policy for the container.'],
  resources: [resources, 'Compute Resources required by this container. Cannot be updated.'],
  restartPolicy: [named('v1.ContainerRestartPolicy'), 'RestartPolicy defines the restart behavior of individual containers in a pod; only "Always" for init containers (sidecars).'],
  securityContext: [anyObj('v1.SecurityContext'), 'SecurityContext defines the security options the container should be run with.'],
  startupProbe: [probe, 'StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully.'],
  stdin: [bool, 'Whether this container should allocate a buffer for stdin in the container runtime.'],
  stdinOnce: [bool, 'Whether the container runtime should close the stdin channel after it has been opened by a single attach.'],
  terminationMessagePath: [str, "Optional: Path at which the file to which the container's termination message will be written is mounted. Defaults to /dev/termination-log."],
  terminationMessagePolicy: [named('v1.TerminationMessagePolicy', ['FallbackToLogsOnError', 'File']), 'Indicate how the termination message should be populated. Defaults to File.'],
  tty: [bool, 'Whether this container should allocate a TTY for itself, also requires \'stdin\' to be true.'],
  volumeDevices: [arr(anyObj('v1.VolumeDevice')), 'volumeDevices is the list of block devices to be used by the container.'],
  volumeMounts: [arr(volumeMount), "Pod volumes to mount into the container's filesystem. Cannot be updated."],
  workingDir: [str, "Container's working directory. If not specified, the container runtime's default will be used."],
}) satisfies Record<string, [FieldType, string] | [FieldType, string, boolean]>;

export const container = obj('Container', 'A single application container that you want to run within a pod.', containerFields);

const keyToPath = obj('KeyToPath', 'Maps a string key to a path within a volume.', () => ({
  key: [str, 'key is the key to project.', true],
  mode: [i32, 'mode is Optional: mode bits used to set permissions on this file.'],
  path: [str, 'path is the relative path of the file to map the key to. May not be an absolute path.', true],
}));

const OTHER_VOLUME_SOURCES: Record<string, string> = {
  awsElasticBlockStore: 'v1.AWSElasticBlockStoreVolumeSource', azureDisk: 'v1.AzureDiskVolumeSource', azureFile: 'v1.AzureFileVolumeSource',
  cephfs: 'v1.CephFSVolumeSource', cinder: 'v1.CinderVolumeSource', csi: 'v1.CSIVolumeSource', downwardAPI: 'v1.DownwardAPIVolumeSource',
  ephemeral: 'v1.EphemeralVolumeSource', fc: 'v1.FCVolumeSource', flexVolume: 'v1.FlexVolumeSource', flocker: 'v1.FlockerVolumeSource',
  gcePersistentDisk: 'v1.GCEPersistentDiskVolumeSource', gitRepo: 'v1.GitRepoVolumeSource', glusterfs: 'v1.GlusterfsVolumeSource',
  image: 'v1.ImageVolumeSource', iscsi: 'v1.ISCSIVolumeSource', nfs: 'v1.NFSVolumeSource', photonPersistentDisk: 'v1.PhotonPersistentDiskVolumeSource',
  portworxVolume: 'v1.PortworxVolumeSource', projected: 'v1.ProjectedVolumeSource', quobyte: 'v1.QuobyteVolumeSource', rbd: 'v1.RBDVolumeSource',
  scaleIO: 'v1.ScaleIOVolumeSource', storageos: 'v1.StorageOSVolumeSource', vsphereVolume: 'v1.VsphereVirtualDiskVolumeSource',
};

const volume = obj('Volume', 'Volume represents a named volume in a pod that may be accessed by any container in the pod.', () => ({
  configMap: [obj('ConfigMapVolumeSource', 'Adapts a ConfigMap into a volume.', () => ({
    defaultMode: [i32, 'mode bits used to set permissions on created files by default. Defaults to 0644.'],
    items: [arr(keyToPath), 'Which keys of the ConfigMap to project, and where.'],
    name: [str, 'Name of the referent ConfigMap.'],
    optional: [bool, 'Specify whether the ConfigMap or its keys must be defined.'],
  })), 'configMap represents a configMap that should populate this volume'],
  emptyDir: [obj('EmptyDirVolumeSource', 'Represents an empty directory for a pod.', () => ({
    medium: [named('v1.StorageMedium'), 'What type of storage medium should back this directory: "" (node default) or "Memory".'],
    sizeLimit: [quantity, 'Total amount of local storage required for this EmptyDir volume.'],
  })), 'emptyDir represents a temporary directory that shares a pod\'s lifetime.'],
  hostPath: [obj('HostPathVolumeSource', 'Represents a host path mapped into a pod.', () => ({
    path: [str, 'Path of the directory on the host.', true],
    type: [named('v1.HostPathType'), 'Type for HostPath Volume. Defaults to "".'],
  })), 'hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container.'],
  name: [str, "name of the volume. Must be a DNS_LABEL and unique within the pod.", true],
  persistentVolumeClaim: [obj('PersistentVolumeClaimVolumeSource', "References the user's PVC in the same namespace.", () => ({
    claimName: [str, 'claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.', true],
    readOnly: [bool, 'readOnly will force the ReadOnly setting in VolumeMounts. Default false.'],
  })), 'persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace.'],
  secret: [obj('SecretVolumeSource', 'Adapts a Secret into a volume.', () => ({
    defaultMode: [i32, 'defaultMode is Optional: mode bits used to set permissions on created files by default. Defaults to 0644.'],
    items: [arr(keyToPath), 'items: which keys of the Secret to project, and where.'],
    optional: [bool, 'optional field specify whether the Secret or its keys must be defined'],
    secretName: [str, "secretName is the name of the secret in the pod's namespace to use."],
  })), 'secret represents a secret that should populate this volume.'],
  ...Object.fromEntries(Object.entries(OTHER_VOLUME_SOURCES).map(([k, go]) => [k, [anyObj(go), `${k} volume source (not simulated by kube-sim).`]])),
}));

const podDNSConfig = obj('PodDNSConfig', 'PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.', () => ({
  nameservers: [strList, 'A list of DNS name server IP addresses. This will be appended to the base nameservers generated from DNSPolicy.'],
  options: [arr(obj('PodDNSConfigOption', 'PodDNSConfigOption defines DNS resolver options of a pod.', () => ({
    name: [str, 'Name is this DNS resolver option\'s name. Required.'],
    value: [str, "Value is this DNS resolver option's value."],
  }))), 'A list of DNS resolver options. This will be merged with the base options generated from DNSPolicy.'],
  searches: [strList, 'A list of DNS search domains for host-name lookup. This will be appended to the base search paths generated from DNSPolicy.'],
}));

const toleration = obj('Toleration', 'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.', () => ({
  effect: [named('v1.TaintEffect', ['NoExecute', 'NoSchedule', 'PreferNoSchedule']), 'Effect indicates the taint effect to match. Empty means match all taint effects.'],
  key: [str, 'Key is the taint key that the toleration applies to. Empty means match all taint keys.'],
  operator: [named('v1.TolerationOperator', ['Equal', 'Exists']), 'Operator represents a key\'s relationship to the value. Defaults to Equal.'],
  tolerationSeconds: [i64, 'TolerationSeconds represents the period of time the toleration tolerates the taint (NoExecute only).'],
  value: [str, 'Value is the taint value the toleration matches to.'],
}));

export const podSpec = obj('PodSpec', 'PodSpec is a description of a pod.', () => ({
  activeDeadlineSeconds: [i64, 'Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers.'],
  affinity: [anyObj('v1.Affinity'), "If specified, the pod's scheduling constraints"],
  automountServiceAccountToken: [bool, 'AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.'],
  containers: [arr(container), 'List of containers belonging to the pod. There must be at least one container in a Pod. Cannot be updated.', true],
  dnsConfig: [podDNSConfig, 'Specifies the DNS parameters of a pod. Parameters specified here will be merged to the generated DNS configuration based on DNSPolicy.'],
  dnsPolicy: [named('v1.DNSPolicy', ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']), "Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'."],
  enableServiceLinks: [bool, "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true."],
  ephemeralContainers: [arr(anyObj('v1.EphemeralContainer')), 'List of ephemeral containers run in this pod.'],
  hostAliases: [arr(obj('HostAlias', "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file.", () => ({
    hostnames: [strList, 'Hostnames for the above IP address.'],
    ip: [str, 'IP address of the host file entry.', true],
  }))), "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified."],
  hostIPC: [bool, "Use the host's ipc namespace. Optional: Default to false."],
  hostNetwork: [bool, "Host networking requested for this pod. Use the host's network namespace. Default to false."],
  hostPID: [bool, "Use the host's pid namespace. Optional: Default to false."],
  hostUsers: [bool, 'Use the host\'s user namespace. Optional: Default to true.'],
  hostname: [str, "Specifies the hostname of the Pod. If not specified, the pod's hostname will be set to a system-defined value."],
  imagePullSecrets: [arr(obj('LocalObjectReference', 'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.', () => ({
    name: [str, 'Name of the referent.'],
  }))), 'ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.'],
  initContainers: [arr(container), 'List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started.'],
  nodeName: [str, 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler.'],
  nodeSelector: [strMap, "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."],
  os: [anyObj('v1.PodOS'), 'Specifies the OS of the containers in the pod.'],
  overhead: [resourceList, 'Overhead represents the resource overhead associated with running a pod for a given RuntimeClass.'],
  preemptionPolicy: [named('v1.PreemptionPolicy'), 'PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority.'],
  priority: [i32, 'The priority value. Various system components use this field to find the priority of the pod.'],
  priorityClassName: [str, "If specified, indicates the pod's priority."],
  readinessGates: [arr(obj('PodReadinessGate', 'PodReadinessGate contains the reference to a pod condition', () => ({
    conditionType: [named('v1.PodConditionType'), "ConditionType refers to a condition in the pod's condition list with matching type.", true],
  }))), 'If specified, all readiness gates will be evaluated for pod readiness.'],
  resourceClaims: [arr(anyObj('v1.PodResourceClaim')), 'ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start.'],
  resources: [resources, 'Resources is the total amount of CPU and Memory resources required by all containers in the pod (alpha).'],
  restartPolicy: [named('v1.RestartPolicy', ['Always', 'Never', 'OnFailure']), 'Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always.'],
  runtimeClassName: [str, 'RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.'],
  schedulerName: [str, 'If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.'],
  schedulingGates: [arr(anyObj('v1.PodSchedulingGate')), 'SchedulingGates is an opaque list of values that if specified will block scheduling the pod.'],
  securityContext: [anyObj('v1.PodSecurityContext'), 'SecurityContext holds pod-level security attributes and common container settings.'],
  serviceAccount: [str, 'DeprecatedServiceAccount is a deprecated alias for ServiceAccountName.'],
  serviceAccountName: [str, 'ServiceAccountName is the name of the ServiceAccount to use to run this pod.'],
  setHostnameAsFQDN: [bool, "If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default)."],
  shareProcessNamespace: [bool, 'Share a single process namespace between all of the containers in a pod.'],
  subdomain: [str, 'If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>".'],
  terminationGracePeriodSeconds: [i64, 'Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds.'],
  tolerations: [arr(toleration), "If specified, the pod's tolerations."],
  topologySpreadConstraints: [arr(anyObj('v1.TopologySpreadConstraint')), 'TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.'],
  volumes: [arr(volume), 'List of volumes that can be mounted by containers belonging to the pod.'],
}));

export const podTemplateSpec = obj('PodTemplateSpec', 'PodTemplateSpec describes the data a pod should have when created from a template', () => ({
  metadata: [objectMeta, "Standard object's metadata."],
  spec: [podSpec, 'Specification of the desired behavior of the pod.'],
}));
