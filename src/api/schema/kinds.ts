/** Top-level kind schemas, one per served apiVersion/kind. */
import { obj, str, i32, bool, intstr, bytes, time, strMap, strList, arr, map, named, anyObj, type ObjectType } from './types.js';
import { kindType, labelSelector, objectReference, statusAny } from './meta.js';
import { podSpec, podTemplateSpec, protocol } from './pod.js';
import { persistentVolume, persistentVolumeClaim, storageClass } from './storage.js';
import { serviceAccount, lease, daemonSet, controllerRevision } from './cluster.js';
import { customResourceDefinition } from './apiextensions.js';
import { job, cronJob } from './batch.js';
import { statefulSet } from './statefulset.js';
import { resourceQuota, limitRange, networkPolicy, podDisruptionBudget } from './policy.js';
import { role, clusterRole, roleBinding, clusterRoleBinding } from './rbac.js';
import { horizontalPodAutoscaler } from './autoscaling.js';
import { priorityClass } from './scheduling.js';

const servicePort = obj('ServicePort', "ServicePort contains information on service's port.", () => ({
  appProtocol: [str, 'The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand.'],
  name: [str, 'The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names. Optional if only one ServicePort is defined on this service.'],
  nodePort: [i32, 'The port on each node on which this service is exposed when type is NodePort or LoadBalancer. Usually assigned by the system, from the range 30000-32767.'],
  port: [i32, 'The port that will be exposed by this service.', true],
  protocol: [protocol, 'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.'],
  targetPort: [intstr, "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports. Defaults to the value of the 'port' field."],
}));

const serviceSpec = obj('ServiceSpec', 'ServiceSpec describes the attributes that a user creates on a service.', () => ({
  allocateLoadBalancerNodePorts: [bool, 'allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer. Default is "true".'],
  clusterIP: [str, 'clusterIP is the IP address of the service and is usually assigned randomly. "None" makes a headless service. Cannot be changed through updates.'],
  clusterIPs: [strList, 'ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.'],
  externalIPs: [strList, 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'],
  externalName: [str, 'externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). Requires `type` to be "ExternalName".'],
  externalTrafficPolicy: [named('v1.ServiceExternalTrafficPolicy', ['Cluster', 'Local']), 'externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs).'],
  healthCheckNodePort: [i32, 'healthCheckNodePort specifies the healthcheck nodePort for the service. Only for type LoadBalancer with externalTrafficPolicy Local.'],
  internalTrafficPolicy: [named('v1.ServiceInternalTrafficPolicy', ['Cluster', 'Local']), 'InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.'],
  ipFamilies: [arr(named('v1.IPFamily', ['IPv4', 'IPv6'])), 'IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service.'],
  ipFamilyPolicy: [named('v1.IPFamilyPolicy', ['PreferDualStack', 'RequireDualStack', 'SingleStack']), 'IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.'],
  loadBalancerClass: [str, 'loadBalancerClass is the class of the load balancer implementation this Service belongs to.'],
  loadBalancerIP: [str, 'Only applies to Service Type: LoadBalancer. Deprecated: this field was under-specified.'],
  loadBalancerSourceRanges: [strList, 'If specified and supported by the platform, traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.'],
  ports: [arr(servicePort), 'The list of ports that are exposed by this service.'],
  publishNotReadyAddresses: [bool, 'publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.'],
  selector: [strMap, 'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints.'],
  sessionAffinity: [named('v1.ServiceAffinity', ['ClientIP', 'None']), 'Supports "ClientIP" and "None". Used to maintain session affinity. Defaults to None.'],
  sessionAffinityConfig: [obj('SessionAffinityConfig', 'SessionAffinityConfig represents the configurations of session affinity.', () => ({
    clientIP: [obj('ClientIPConfig', 'ClientIPConfig represents the configurations of Client IP based session affinity.', () => ({
      timeoutSeconds: [i32, 'timeoutSeconds specifies the seconds of ClientIP type session sticky time. The value must be >0 && <=86400 (for 1 day). Default value is 10800 (for 3 hours).'],
    })), 'clientIP contains the configurations of Client IP based session affinity.'],
  })), 'sessionAffinityConfig contains the configurations of session affinity.'],
  trafficDistribution: [str, 'TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.'],
  type: [named('v1.ServiceType', ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']), 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'],
}));

export const service = kindType('Service', 'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.', () => ({
  spec: [serviceSpec, 'Spec defines the behavior of a service.'],
  status: statusAny('v1.ServiceStatus', 'ServiceStatus'),
}));

const endpointAddress = obj('EndpointAddress', 'EndpointAddress is a tuple that describes single IP address.', () => ({
  hostname: [str, 'The Hostname of this endpoint'],
  ip: [str, 'The IP of this endpoint.', true],
  nodeName: [str, 'Optional: Node hosting this endpoint.'],
  targetRef: [objectReference, 'Reference to object providing the endpoint.'],
}));

const endpointPort = obj('EndpointPort', 'EndpointPort is a tuple that describes a single port.', () => ({
  appProtocol: [str, 'The application protocol for this port.'],
  name: [str, 'The name of this port. This must match the \'name\' field in the corresponding ServicePort. Optional only if one port is defined.'],
  port: [i32, 'The port number of the endpoint.', true],
  protocol: [protocol, 'The IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.'],
}));

export const endpoints = kindType('Endpoints', 'Endpoints is a collection of endpoints that implement the actual service.', () => ({
  subsets: [arr(obj('EndpointSubset', 'EndpointSubset is a group of addresses with a common set of ports.', () => ({
    addresses: [arr(endpointAddress), 'IP addresses which offer the related ports that are marked as ready.'],
    notReadyAddresses: [arr(endpointAddress), 'IP addresses which offer the related ports but are not currently marked as ready.'],
    ports: [arr(endpointPort), 'Port numbers available on the related IP addresses.'],
  }))), 'The set of all endpoints is the union of all subsets.'],
}));

export const pod = kindType('Pod', 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.', () => ({
  spec: [podSpec, 'Specification of the desired behavior of the pod.'],
  status: statusAny('v1.PodStatus', 'PodStatus'),
}));

export const namespace = kindType('Namespace', 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', () => ({
  spec: [obj('NamespaceSpec', 'NamespaceSpec describes the attributes on a Namespace.', () => ({
    finalizers: [arr(named('v1.FinalizerName')), 'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.'],
  })), 'Spec defines the behavior of the Namespace.'],
  status: statusAny('v1.NamespaceStatus', 'NamespaceStatus'),
}));

export const node = kindType('Node', 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).', () => ({
  spec: [obj('NodeSpec', 'NodeSpec describes the attributes that a node is created with.', () => ({
    configSource: [anyObj('v1.NodeConfigSource'), 'Deprecated: Previously used to specify the source of the node\'s configuration.'],
    externalID: [str, 'Deprecated. Not all kubelets will set this field.'],
    podCIDR: [str, 'PodCIDR represents the pod IP range assigned to the node.'],
    podCIDRs: [strList, 'podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node.'],
    providerID: [str, 'ID of the node assigned by the cloud provider.'],
    taints: [arr(obj('Taint', 'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.', () => ({
      effect: [named('v1.TaintEffect', ['NoExecute', 'NoSchedule', 'PreferNoSchedule']), 'Required. The effect of the taint on pods that do not tolerate the taint.', true],
      key: [str, 'Required. The taint key to be applied to a node.', true],
      timeAdded: [time, 'TimeAdded represents the time at which the taint was added.'],
      value: [str, 'The taint value corresponding to the taint key.'],
    }))), "If specified, the node's taints."],
    unschedulable: [bool, 'Unschedulable controls node schedulability of new pods. By default, node is schedulable.'],
  })), 'Spec defines the behavior of a node.'],
  status: statusAny('v1.NodeStatus', 'NodeStatus'),
}));

export const secret = kindType('Secret', 'Secret holds secret data of a certain type. The total bytes of the values in the Data field must be less than MaxSecretSize bytes.', () => ({
  data: [map(bytes, 'map[string][]uint8', 'map[string]string'), 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string.'],
  immutable: [bool, 'Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).'],
  stringData: [strMap, 'stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience.'],
  type: [named('v1.SecretType'), 'Used to facilitate programmatic handling of secret data.'],
}));

export const configMap = kindType('ConfigMap', 'ConfigMap holds configuration data for pods to consume.', () => ({
  binaryData: [map(bytes, 'map[string][]uint8', 'map[string]string'), 'BinaryData contains the binary data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'],
  data: [strMap, 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'.'],
  immutable: [bool, 'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified).'],
}));

export const event = kindType('Event', 'Event is a report of an event somewhere in the cluster.', () => ({
  action: [str, 'What action was taken/failed regarding to the Regarding object.'],
  count: [i32, 'The number of times this event has occurred.'],
  eventTime: [time, 'Time when this Event was first observed.'],
  firstTimestamp: [time, 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'],
  involvedObject: [objectReference, 'The object that this event is about.', true],
  lastTimestamp: [time, 'The time at which the most recent occurrence of this event was recorded.'],
  message: [str, 'A human-readable description of the status of this operation.'],
  reason: [str, 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'],
  related: [objectReference, 'Optional secondary object for more complex actions.'],
  reportingComponent: [str, 'Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.'],
  reportingInstance: [str, 'ID of the controller instance, e.g. `kubelet-xyzf`.'],
  series: [anyObj('v1.EventSeries'), 'Data about the Event series this event represents or nil if it\'s a singleton Event.'],
  source: [obj('EventSource', 'EventSource contains information for an event.', () => ({
    component: [str, 'Component from which the event is generated.'],
    host: [str, 'Node name on which the event is generated.'],
  })), 'The component reporting this event. Should be a short machine understandable string.'],
  type: [str, 'Type of this event (Normal, Warning), new types could be added in the future'],
}));

export const replicationController = kindType('ReplicationController', 'ReplicationController represents the configuration of a replication controller.', () => ({
  spec: [obj('ReplicationControllerSpec', 'ReplicationControllerSpec is the specification of a replication controller.', () => ({
    minReadySeconds: [i32, 'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.'],
    replicas: [i32, 'Replicas is the number of desired replicas. Defaults to 1.'],
    selector: [strMap, 'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template.'],
    template: [podTemplateSpec, 'Template is the object that describes the pod that will be created if insufficient replicas are detected.'],
  })), 'Spec defines the specification of the desired behavior of the replication controller.'],
  status: statusAny('v1.ReplicationControllerStatus', 'ReplicationControllerStatus'),
}));

export const replicaSet = kindType('ReplicaSet', 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', () => ({
  spec: [obj('ReplicaSetSpec', 'ReplicaSetSpec is the specification of a ReplicaSet.', () => ({
    minReadySeconds: [i32, 'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.'],
    replicas: [i32, 'Replicas is the number of desired pods. Defaults to 1.'],
    selector: [labelSelector, "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels.", true],
    template: [podTemplateSpec, 'Template is the object that describes the pod that will be created if insufficient replicas are detected.'],
  })), 'Spec defines the specification of the desired behavior of the ReplicaSet.'],
  status: statusAny('v1.ReplicaSetStatus', 'ReplicaSetStatus'),
}));

export const deployment = kindType('Deployment', 'Deployment enables declarative updates for Pods and ReplicaSets.', () => ({
  spec: [obj('DeploymentSpec', 'DeploymentSpec is the specification of the desired behavior of the Deployment.', () => ({
    minReadySeconds: [i32, 'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0.'],
    paused: [bool, 'Indicates that the deployment is paused.'],
    progressDeadlineSeconds: [i32, 'The maximum time in seconds for a deployment to make progress before it is considered to be failed. Defaults to 600s.'],
    replicas: [i32, 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.'],
    revisionHistoryLimit: [i32, 'The number of old ReplicaSets to retain to allow rollback. Defaults to 10.'],
    selector: [labelSelector, "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.", true],
    strategy: [obj('DeploymentStrategy', 'DeploymentStrategy describes how to replace existing pods with new ones.', () => ({
      rollingUpdate: [obj('RollingUpdateDeployment', 'Spec to control the desired behavior of rolling update.', () => ({
        maxSurge: [intstr, 'The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.'],
        maxUnavailable: [intstr, 'The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.'],
      })), 'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.'],
      type: [named('v1.DeploymentStrategyType', ['Recreate', 'RollingUpdate']), 'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.'],
    })), 'The deployment strategy to use to replace existing pods with new ones.'],
    template: [podTemplateSpec, 'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".', true],
  })), 'Specification of the desired behavior of the Deployment.'],
  status: statusAny('v1.DeploymentStatus', 'DeploymentStatus'),
}));

// networking.k8s.io/v1 Ingress.
const serviceBackendPort = obj('ServiceBackendPort', 'ServiceBackendPort is the service port being referenced.', () => ({
  name: [str, 'name is the name of the port on the Service. This is a mutually exclusive setting with "Number".'],
  number: [i32, 'number is the numerical port number (e.g. 80) on the Service. This is a mutually exclusive setting with "Name".'],
}));

const typedLocalObjectReference = obj('TypedLocalObjectReference', 'TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.', () => ({
  apiGroup: [str, 'APIGroup is the group for the resource being referenced. If APIGroup is not specified, the specified Kind must be in the core API group.'],
  kind: [str, 'Kind is the type of resource being referenced', true],
  name: [str, 'Name is the name of resource being referenced', true],
}));

const ingressBackend = obj('IngressBackend', 'IngressBackend describes all endpoints for a given service and port.', () => ({
  resource: [typedLocalObjectReference, 'resource is an ObjectRef to another Kubernetes resource in the namespace of the Ingress object. If resource is specified, a service.Name and service.Port must not be specified.'],
  service: [obj('IngressServiceBackend', 'IngressServiceBackend references a Kubernetes Service as a Backend.', () => ({
    name: [str, 'name is the referenced service. The service must exist in the same namespace as the Ingress object.', true],
    port: [serviceBackendPort, 'port of the referenced service. A port name or port number is required for a IngressServiceBackend.'],
  })), 'service references a service as a backend. This is a mutually exclusive setting with "Resource".'],
}));

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const ingressTLS = obj('IngressTLS', 'IngressTLS describes the transport layer security associated with an ingress.', () => ({
  hosts: [strList, 'hosts is a list of hosts included in the TLS certificate. The values in this list must match the name/s used in the tlsSecret.'],
  secretName: [str, 'secretName is the name of the secret used to terminate TLS traffic on port 443.'],
}));

function ingressSpec(backend: ObjectType, pkg: string, v1: boolean): ObjectType {
  const path = obj('HTTPIngressPath', 'HTTPIngressPath associates a path with a backend. Incoming urls matching the path are forwarded to the backend.', () => ({
    backend: [backend, 'backend defines the referenced service endpoint to which the traffic will be forwarded to.', true],
    path: [str, "path is matched against the path of an incoming request. Currently it can contain characters disallowed from the conventional \"path\" part of a URL as defined by RFC 3986. Paths must begin with a '/' and must be present when using PathType with value \"Exact\" or \"Prefix\"."],
    pathType: [named(`${pkg}.PathType`, PATH_TYPES), 'pathType determines the interpretation of the path matching. PathType can be one of Exact, Prefix or ImplementationSpecific.', v1],
  }), pkg);
  const rule = obj('IngressRule', 'IngressRule represents the rules mapping the paths under a specified host to the related backend services.', () => ({
    host: [str, 'host is the fully qualified domain name of a network host, as defined by RFC 3986. Wildcard hosts such as "*.foo.com" match exactly one extra DNS label.'],
    http: [obj('HTTPIngressRuleValue', 'HTTPIngressRuleValue is a list of http selectors pointing to backends.', () => ({
      paths: [arr(path), 'paths is a collection of paths that map requests to backends.', true],
    }), pkg), 'HTTP rules for this host.'],
  }), pkg);
  return obj('IngressSpec', 'IngressSpec describes the Ingress the user wishes to exist.', () => ({
    ...(v1 ? { defaultBackend: [backend, 'defaultBackend is the backend that should handle requests that don\'t match any rule. If Rules are not specified, DefaultBackend must be specified.'] } : { backend: [backend, 'A default backend capable of servicing requests that don\'t match any rule.'] }),
    ingressClassName: [str, 'ingressClassName is the name of an IngressClass cluster resource. Ingress controller implementations use this field to know whether they should be serving this Ingress resource.'],
    rules: [arr(rule), 'rules is a list of host rules used to configure the Ingress. If unspecified, or no rule matches, all traffic is sent to the default backend.'],
    tls: [arr(obj('IngressTLS', ingressTLS.doc, () => ({
      hosts: [strList, ingressTLS.fields.hosts!.doc],
      secretName: [str, ingressTLS.fields.secretName!.doc],
    }), pkg)), 'tls represents the TLS configuration.'],
  }), pkg);
}

export const ingress = kindType('Ingress', 'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend. An Ingress can be configured to give services externally-reachable urls, load balance traffic, terminate SSL, offer name based virtual hosting etc.', () => ({
  spec: [ingressSpec(ingressBackend, 'v1', true), 'spec is the desired state of the Ingress.'],
  status: statusAny('v1.IngressStatus', 'IngressStatus'),
}));

/** extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress (same shape: serviceName/servicePort backends). */
export const ingressV1beta1 = kindType('Ingress', 'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend.', () => ({
  spec: [ingressSpec(obj('IngressBackend', 'IngressBackend describes all endpoints for a given service and port.', () => ({
    resource: [typedLocalObjectReference, 'Resource is an ObjectRef to another Kubernetes resource in the namespace of the Ingress object.'],
    // Required in the 1.17 OpenAPI document (the chapter's cluster), so a misspelt serviceName is reported twice.
    serviceName: [str, 'Specifies the name of the referenced service.', true],
    servicePort: [intstr, 'Specifies the port of the referenced service.', true],
  }), 'v1beta1'), 'v1beta1', false), 'Spec is the desired state of the Ingress.'],
  status: statusAny('v1beta1.IngressStatus', 'IngressStatus'),
}), 'v1beta1');

export const ingressClass = kindType('IngressClass', 'IngressClass represents the class of the Ingress, referenced by the Ingress Spec. The `ingressclass.kubernetes.io/is-default-class` annotation can be used to indicate that an IngressClass should be considered default.', () => ({
  spec: [obj('IngressClassSpec', 'IngressClassSpec provides information about the class of an Ingress.', () => ({
    controller: [str, 'controller refers to the name of the controller that should handle this class, e.g. "k8s.io/ingress-nginx".'],
    parameters: [obj('IngressClassParametersReference', 'IngressClassParametersReference identifies an API object.', () => ({
      apiGroup: [str, 'apiGroup is the group for the resource being referenced.'],
      kind: [str, 'kind is the type of resource being referenced.', true],
      name: [str, 'name is the name of resource being referenced.', true],
      namespace: [str, 'namespace is the namespace of the resource being referenced (only when scope is "Namespace").'],
      scope: [str, 'scope represents if this refers to a cluster or namespace scoped resource: "Cluster" (default) or "Namespace".'],
    })), 'parameters is a link to a custom resource containing additional configuration for the controller.'],
  })), 'spec is the desired state of the IngressClass.'],
}));

export const endpointSlice = kindType('EndpointSlice', 'EndpointSlice represents a subset of the endpoints that implement a service.', () => ({
  addressType: [named('v1.AddressType', ['FQDN', 'IPv4', 'IPv6']), 'addressType specifies the type of address carried by this EndpointSlice. Supported types are IPv4, IPv6 and FQDN.', true],
  endpoints: [arr(obj('Endpoint', 'Endpoint represents a single logical "backend" implementing a service.', () => ({
    addresses: [strList, 'addresses of this endpoint.', true],
    conditions: [obj('EndpointConditions', 'EndpointConditions represents the current condition of an endpoint.', () => ({
      ready: [bool, 'ready indicates that this endpoint is ready to receive traffic.'],
      serving: [bool, 'serving indicates that this endpoint is able to receive traffic, regardless of termination.'],
      terminating: [bool, 'terminating indicates that this endpoint is terminating.'],
    })), 'conditions contains information about the current status of the endpoint.'],
    deprecatedTopology: [strMap, 'deprecatedTopology contains topology information part of the v1beta1 API.'],
    hints: [anyObj('v1.EndpointHints'), 'hints contains information associated with how an endpoint should be consumed.'],
    hostname: [str, 'hostname of this endpoint.'],
    nodeName: [str, 'nodeName represents the name of the Node hosting this endpoint.'],
    targetRef: [objectReference, 'targetRef is a reference to a Kubernetes object that represents this endpoint.'],
    zone: [str, 'zone is the name of the Zone this endpoint exists in.'],
  }))), 'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.'],
  ports: [arr(obj('EndpointPort', 'EndpointPort represents a Port used by an EndpointSlice', () => ({
    appProtocol: [str, 'The application protocol for this port.'],
    name: [str, 'name represents the name of this port. All ports in an EndpointSlice must have a unique name.'],
    port: [i32, 'port represents the port number of the endpoint.'],
    protocol: [protocol, 'protocol represents the IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.'],
  }))), 'ports specifies the list of network ports exposed by each endpoint in this slice.'],
}));

/** The schema of each kind at its preferred version, by kind name. */
export const KIND_SCHEMAS: Record<string, ObjectType> = {
  Namespace: namespace,
  Node: node,
  Service: service,
  Endpoints: endpoints,
  EndpointSlice: endpointSlice,
  Pod: pod,
  ReplicaSet: replicaSet,
  ReplicationController: replicationController,
  Deployment: deployment,
  Ingress: ingress,
  IngressClass: ingressClass,
  Secret: secret,
  ConfigMap: configMap,
  Event: event,
  PersistentVolume: persistentVolume,
  PersistentVolumeClaim: persistentVolumeClaim,
  StorageClass: storageClass,
  ServiceAccount: serviceAccount,
  Lease: lease,
  DaemonSet: daemonSet,
  ControllerRevision: controllerRevision,
  Job: job,
  CronJob: cronJob,
  StatefulSet: statefulSet,
  ResourceQuota: resourceQuota,
  LimitRange: limitRange,
  NetworkPolicy: networkPolicy,
  Role: role,
  ClusterRole: clusterRole,
  RoleBinding: roleBinding,
  ClusterRoleBinding: clusterRoleBinding,
  CustomResourceDefinition: customResourceDefinition,
  HorizontalPodAutoscaler: horizontalPodAutoscaler,
  PriorityClass: priorityClass,
  PodDisruptionBudget: podDisruptionBudget,
};
