/**
 * Message descriptors for the kinds kubectl >= 1.32 sends as protobuf (its typed `create <generator>`
 * commands) plus the pod template they embed: field numbers as in upstream k8s.io/api and
 * k8s.io/apimachinery `generated.proto`, names as on the JSON wire. Only what these kinds use is
 * described; unknown field numbers are skipped by the decoder, as protobuf requires.
 */
import type { FieldSpec, MapType, MessageSpec } from './decode.js';

const msg = (fields: Record<number, FieldSpec>): MessageSpec => ({ fields });
const s = (name: string): FieldSpec => ({ name, type: 'string' });
const b = (name: string): FieldSpec => ({ name, type: 'bool' });
const i32 = (name: string): FieldSpec => ({ name, type: 'int32' });
const i64 = (name: string): FieldSpec => ({ name, type: 'int64' });
const strings = (name: string): FieldSpec => ({ name, type: 'string', repeated: true });
const list = (name: string, type: MessageSpec): FieldSpec => ({ name, type, repeated: true });
const map = (name: string, value: MapType['map'] = 'string'): FieldSpec => ({ name, type: { map: value } });
const m = (name: string, type: MessageSpec): FieldSpec => ({ name, type });
/** A Go pointer: presence matters, so zero values are kept. */
const ptr = (f: FieldSpec): FieldSpec => ({ ...f, keep: true });

// k8s.io/apimachinery/pkg/runtime
export const TYPE_META = msg({ 1: s('apiVersion'), 2: s('kind') });
/** runtime.Unknown without field 2 (raw, the typed message), which body.ts reads as bytes itself. */
export const UNKNOWN = msg({ 1: m('typeMeta', TYPE_META), 3: s('contentEncoding'), 4: s('contentType') });

// k8s.io/apimachinery/pkg/apis/meta/v1
const OWNER_REFERENCE = msg({ 5: s('apiVersion'), 1: s('kind'), 3: s('name'), 4: s('uid'), 6: ptr(b('controller')), 7: ptr(b('blockOwnerDeletion')) });
const MANAGED_FIELDS_ENTRY = msg({ 1: s('manager'), 2: s('operation'), 3: s('apiVersion'), 4: { name: 'time', type: 'time' }, 6: s('fieldsType'), 8: s('subresource') });
export const OBJECT_META = msg({
  1: s('name'),
  2: s('generateName'),
  3: s('namespace'),
  4: s('selfLink'),
  5: s('uid'),
  6: s('resourceVersion'),
  7: i64('generation'),
  8: { name: 'creationTimestamp', type: 'time' },
  9: { name: 'deletionTimestamp', type: 'time' },
  10: ptr(i64('deletionGracePeriodSeconds')),
  11: map('labels'),
  12: map('annotations'),
  13: list('ownerReferences', OWNER_REFERENCE),
  14: strings('finalizers'),
  17: list('managedFields', MANAGED_FIELDS_ENTRY),
});
const LABEL_SELECTOR_REQUIREMENT = msg({ 1: s('key'), 2: s('operator'), 3: strings('values') });
const LABEL_SELECTOR = msg({ 1: map('matchLabels'), 2: list('matchExpressions', LABEL_SELECTOR_REQUIREMENT) });

const intOrString = (name: string): FieldSpec => ({ name, type: 'intOrString' });

// k8s.io/api/core/v1: the pod template
const OBJECT_FIELD_SELECTOR = msg({ 1: s('apiVersion'), 2: s('fieldPath') });
const RESOURCE_FIELD_SELECTOR = msg({ 1: s('containerName'), 2: s('resource'), 3: { name: 'divisor', type: 'quantity' } });
const LOCAL_OBJECT_REFERENCE = msg({ 1: s('name') });
/** LocalObjectReference embedded inline (ConfigMapKeySelector, ConfigMapEnvSource, ...). */
const localRef = (): FieldSpec => ({ name: 'localObjectReference', type: LOCAL_OBJECT_REFERENCE, inline: true });
const KEY_SELECTOR = msg({ 1: localRef(), 2: { ...s('key'), keep: true }, 3: ptr(b('optional')) });
const ENV_VAR_SOURCE = msg({
  1: m('fieldRef', OBJECT_FIELD_SELECTOR),
  2: m('resourceFieldRef', RESOURCE_FIELD_SELECTOR),
  3: m('configMapKeyRef', KEY_SELECTOR),
  4: m('secretKeyRef', KEY_SELECTOR),
});
const ENV_VAR = msg({ 1: s('name'), 2: s('value'), 3: m('valueFrom', ENV_VAR_SOURCE) });
const ENV_SOURCE_REF = msg({ 1: localRef(), 2: ptr(b('optional')) });
const ENV_FROM_SOURCE = msg({ 1: s('prefix'), 2: m('configMapRef', ENV_SOURCE_REF), 3: m('secretRef', ENV_SOURCE_REF) });
const CONTAINER_PORT = msg({ 1: s('name'), 2: i32('hostPort'), 3: { ...i32('containerPort'), keep: true }, 4: s('protocol'), 5: s('hostIP') });
const RESOURCE_CLAIM = msg({ 1: s('name'), 2: s('request') });
const RESOURCE_REQUIREMENTS = msg({ 1: map('limits', 'quantity'), 2: map('requests', 'quantity'), 3: list('claims', RESOURCE_CLAIM) });
const VOLUME_MOUNT = msg({ 1: s('name'), 2: b('readOnly'), 3: s('mountPath'), 4: s('subPath'), 5: ptr(s('mountPropagation')), 6: s('subPathExpr'), 7: ptr(s('recursiveReadOnly')) });
const HTTP_HEADER = msg({ 1: s('name'), 2: { ...s('value'), keep: true } });
const PROBE_HANDLER = msg({
  1: m('exec', msg({ 1: strings('command') })),
  2: m('httpGet', msg({ 1: s('path'), 2: intOrString('port'), 3: s('host'), 4: s('scheme'), 5: list('httpHeaders', HTTP_HEADER) })),
  3: m('tcpSocket', msg({ 1: intOrString('port'), 2: s('host') })),
  4: m('grpc', msg({ 1: { ...i32('port'), keep: true }, 2: ptr(s('service')) })),
});
const PROBE = msg({
  1: { name: 'handler', type: PROBE_HANDLER, inline: true },
  2: i32('initialDelaySeconds'),
  3: i32('timeoutSeconds'),
  4: i32('periodSeconds'),
  5: i32('successThreshold'),
  6: i32('failureThreshold'),
  7: ptr(i64('terminationGracePeriodSeconds')),
});
const CAPABILITIES = msg({ 1: strings('add'), 2: strings('drop') });
const SE_LINUX_OPTIONS = msg({ 1: s('user'), 2: s('role'), 3: s('type'), 4: s('level') });
const SECCOMP_PROFILE = msg({ 1: s('type'), 2: ptr(s('localhostProfile')) });
const SECURITY_CONTEXT = msg({
  1: m('capabilities', CAPABILITIES),
  2: ptr(b('privileged')),
  3: m('seLinuxOptions', SE_LINUX_OPTIONS),
  4: ptr(i64('runAsUser')),
  5: ptr(b('runAsNonRoot')),
  6: ptr(b('readOnlyRootFilesystem')),
  7: ptr(b('allowPrivilegeEscalation')),
  8: ptr(i64('runAsGroup')),
  9: ptr(s('procMount')),
  11: m('seccompProfile', SECCOMP_PROFILE),
});
const CONTAINER = msg({
  1: { ...s('name'), keep: true },
  2: s('image'),
  3: strings('command'),
  4: strings('args'),
  5: s('workingDir'),
  6: list('ports', CONTAINER_PORT),
  7: list('env', ENV_VAR),
  8: m('resources', RESOURCE_REQUIREMENTS),
  9: list('volumeMounts', VOLUME_MOUNT),
  10: m('livenessProbe', PROBE),
  11: m('readinessProbe', PROBE),
  13: s('terminationMessagePath'),
  14: s('imagePullPolicy'),
  15: m('securityContext', SECURITY_CONTEXT),
  16: b('stdin'),
  17: b('stdinOnce'),
  18: b('tty'),
  19: list('envFrom', ENV_FROM_SOURCE),
  20: s('terminationMessagePolicy'),
  22: m('startupProbe', PROBE),
  24: ptr(s('restartPolicy')),
});
/** EphemeralContainer (core/v1 types.go tags): the container fields (EphemeralContainerCommon, field 1, embedded) and its target (2). */
const EPHEMERAL_CONTAINER = msg({ 1: { name: 'ephemeralContainerCommon', type: CONTAINER, inline: true }, 2: s('targetContainerName') });
const KEY_TO_PATH = msg({ 1: s('key'), 2: s('path'), 3: ptr(i32('mode')) });
const DOWNWARD_API_FILE = msg({ 1: s('path'), 2: m('fieldRef', OBJECT_FIELD_SELECTOR), 3: m('resourceFieldRef', RESOURCE_FIELD_SELECTOR), 4: ptr(i32('mode')) });
/** The kube-api-access-* volume every pod gets is a projected one. */
const VOLUME_PROJECTION = msg({
  1: m('secret', msg({ 1: localRef(), 2: list('items', KEY_TO_PATH), 4: ptr(b('optional')) })),
  2: m('downwardAPI', msg({ 1: list('items', DOWNWARD_API_FILE) })),
  3: m('configMap', msg({ 1: localRef(), 2: list('items', KEY_TO_PATH), 4: ptr(b('optional')) })),
  4: m('serviceAccountToken', msg({ 1: s('audience'), 2: ptr(i64('expirationSeconds')), 3: s('path') })),
});
const VOLUME_SOURCE = msg({
  1: m('hostPath', msg({ 1: s('path'), 2: ptr(s('type')) })),
  2: m('emptyDir', msg({ 1: s('medium'), 2: { name: 'sizeLimit', type: 'quantity' } })),
  6: m('secret', msg({ 1: s('secretName'), 2: list('items', KEY_TO_PATH), 3: ptr(i32('defaultMode')), 4: ptr(b('optional')) })),
  10: m('persistentVolumeClaim', msg({ 1: s('claimName'), 2: b('readOnly') })),
  16: m('downwardAPI', msg({ 1: list('items', DOWNWARD_API_FILE), 2: ptr(i32('defaultMode')) })),
  19: m('configMap', msg({ 1: localRef(), 2: list('items', KEY_TO_PATH), 3: ptr(i32('defaultMode')), 4: ptr(b('optional')) })),
  26: m('projected', msg({ 1: list('sources', VOLUME_PROJECTION), 2: ptr(i32('defaultMode')) })),
});
const VOLUME = msg({ 1: { ...s('name'), keep: true }, 2: { name: 'volumeSource', type: VOLUME_SOURCE, inline: true } });
const POD_SECURITY_CONTEXT = msg({
  1: m('seLinuxOptions', SE_LINUX_OPTIONS),
  2: ptr(i64('runAsUser')),
  3: ptr(b('runAsNonRoot')),
  4: { name: 'supplementalGroups', type: 'int64', repeated: true },
  5: ptr(i64('fsGroup')),
  6: ptr(i64('runAsGroup')),
  7: list('sysctls', msg({ 1: s('name'), 2: { ...s('value'), keep: true } })),
  9: ptr(s('fsGroupChangePolicy')),
  10: m('seccompProfile', SECCOMP_PROFILE),
});
const TOLERATION = msg({ 1: s('key'), 2: s('operator'), 3: s('value'), 4: s('effect'), 5: ptr(i64('tolerationSeconds')) });
const HOST_ALIAS = msg({ 1: { ...s('ip'), keep: true }, 2: strings('hostnames') });
export const POD_SPEC = msg({
  1: list('volumes', VOLUME),
  20: list('initContainers', CONTAINER),
  2: list('containers', CONTAINER),
  34: list('ephemeralContainers', EPHEMERAL_CONTAINER),
  3: s('restartPolicy'),
  4: ptr(i64('terminationGracePeriodSeconds')),
  5: ptr(i64('activeDeadlineSeconds')),
  6: s('dnsPolicy'),
  7: map('nodeSelector'),
  8: s('serviceAccountName'),
  9: s('serviceAccount'),
  21: ptr(b('automountServiceAccountToken')),
  10: s('nodeName'),
  11: b('hostNetwork'),
  12: b('hostPID'),
  13: b('hostIPC'),
  27: ptr(b('shareProcessNamespace')),
  14: m('securityContext', POD_SECURITY_CONTEXT),
  15: list('imagePullSecrets', LOCAL_OBJECT_REFERENCE),
  16: s('hostname'),
  17: s('subdomain'),
  19: s('schedulerName'),
  22: list('tolerations', TOLERATION),
  23: list('hostAliases', HOST_ALIAS),
  24: s('priorityClassName'),
  25: ptr(i32('priority')),
  29: ptr(s('runtimeClassName')),
  30: ptr(b('enableServiceLinks')),
  31: ptr(s('preemptionPolicy')),
  35: ptr(b('setHostnameAsFQDN')),
  37: ptr(b('hostUsers')),
});
export const POD_TEMPLATE_SPEC = msg({ 1: m('metadata', OBJECT_META), 2: m('spec', POD_SPEC) });

// Top-level kinds: {1: metadata, 2: spec, 3: status} unless noted.
const CONFIG_MAP = msg({ 1: m('metadata', OBJECT_META), 2: map('data'), 3: map('binaryData', 'bytes'), 4: ptr(b('immutable')) });
const SECRET = msg({ 1: m('metadata', OBJECT_META), 2: map('data', 'bytes'), 4: map('stringData'), 3: s('type'), 5: ptr(b('immutable')) });
const NAMESPACE = msg({
  1: m('metadata', OBJECT_META),
  2: m('spec', msg({ 1: strings('finalizers') })),
  3: m('status', msg({ 1: s('phase') })),
});
const SERVICE_PORT = msg({
  1: s('name'),
  2: s('protocol'),
  6: ptr(s('appProtocol')),
  3: { ...i32('port'), keep: true },
  4: intOrString('targetPort'),
  5: i32('nodePort'),
});
const SERVICE_SPEC = msg({
  1: list('ports', SERVICE_PORT),
  2: map('selector'),
  3: s('clusterIP'),
  18: strings('clusterIPs'),
  4: s('type'),
  5: strings('externalIPs'),
  7: s('sessionAffinity'),
  8: s('loadBalancerIP'),
  9: strings('loadBalancerSourceRanges'),
  10: s('externalName'),
  11: s('externalTrafficPolicy'),
  12: i32('healthCheckNodePort'),
  13: b('publishNotReadyAddresses'),
  14: m('sessionAffinityConfig', msg({ 1: m('clientIP', msg({ 1: ptr(i32('timeoutSeconds')) })) })),
  19: strings('ipFamilies'),
  17: ptr(s('ipFamilyPolicy')),
  20: ptr(b('allocateLoadBalancerNodePorts')),
  21: ptr(s('loadBalancerClass')),
  22: ptr(s('internalTrafficPolicy')),
  23: ptr(s('trafficDistribution')),
});
const PORT_STATUS = msg({ 1: { ...i32('port'), keep: true }, 2: s('protocol'), 3: ptr(s('error')) });
const LOAD_BALANCER_STATUS = msg({ 1: list('ingress', msg({ 1: s('ip'), 2: s('hostname'), 3: ptr(s('ipMode')), 4: list('ports', PORT_STATUS) })) });
const SERVICE = msg({ 1: m('metadata', OBJECT_META), 2: m('spec', SERVICE_SPEC), 3: m('status', msg({ 1: m('loadBalancer', LOAD_BALANCER_STATUS) })) });
const POD = msg({ 1: m('metadata', OBJECT_META), 2: m('spec', POD_SPEC), 3: m('status', msg({})) });
const SERVICE_ACCOUNT = msg({
  1: m('metadata', OBJECT_META),
  2: list('secrets', msg({ 1: s('kind'), 2: s('namespace'), 3: s('name'), 4: s('uid'), 5: s('apiVersion') })),
  3: list('imagePullSecrets', LOCAL_OBJECT_REFERENCE),
  4: ptr(b('automountServiceAccountToken')),
});

// k8s.io/api/apps/v1
const DEPLOYMENT_STRATEGY = msg({ 1: s('type'), 2: m('rollingUpdate', msg({ 1: intOrString('maxUnavailable'), 2: intOrString('maxSurge') })) });
const DEPLOYMENT = msg({
  1: m('metadata', OBJECT_META),
  2: m(
    'spec',
    msg({
      1: ptr(i32('replicas')),
      2: m('selector', LABEL_SELECTOR),
      3: m('template', POD_TEMPLATE_SPEC),
      4: m('strategy', DEPLOYMENT_STRATEGY),
      5: i32('minReadySeconds'),
      6: ptr(i32('revisionHistoryLimit')),
      7: b('paused'),
      9: ptr(i32('progressDeadlineSeconds')),
    }),
  ),
  3: m('status', msg({})),
});
const REPLICA_SET = msg({
  1: m('metadata', OBJECT_META),
  2: m('spec', msg({ 1: ptr(i32('replicas')), 4: i32('minReadySeconds'), 2: m('selector', LABEL_SELECTOR), 3: m('template', POD_TEMPLATE_SPEC) })),
  3: m('status', msg({})),
});

// k8s.io/api/batch/v1
const JOB_SPEC = msg({
  1: ptr(i32('parallelism')),
  2: ptr(i32('completions')),
  3: ptr(i64('activeDeadlineSeconds')),
  7: ptr(i32('backoffLimit')),
  4: m('selector', LABEL_SELECTOR),
  5: ptr(b('manualSelector')),
  6: m('template', POD_TEMPLATE_SPEC),
  8: ptr(i32('ttlSecondsAfterFinished')),
  9: ptr(s('completionMode')),
  10: ptr(b('suspend')),
});
const JOB = msg({ 1: m('metadata', OBJECT_META), 2: m('spec', JOB_SPEC), 3: m('status', msg({})) });
/** `kubectl create cronjob` sends these. */
const CRON_JOB = msg({
  1: m('metadata', OBJECT_META),
  2: m(
    'spec',
    msg({
      1: s('schedule'),
      8: ptr(s('timeZone')),
      2: ptr(i64('startingDeadlineSeconds')),
      3: s('concurrencyPolicy'),
      4: ptr(b('suspend')),
      5: m('jobTemplate', msg({ 1: m('metadata', OBJECT_META), 2: m('spec', JOB_SPEC) })),
      6: ptr(i32('successfulJobsHistoryLimit')),
      7: ptr(i32('failedJobsHistoryLimit')),
    }),
  ),
  3: m('status', msg({})),
});

// k8s.io/api/core/v1 ResourceQuota (`kubectl create quota`).
const RESOURCE_QUOTA = msg({
  1: m('metadata', OBJECT_META),
  2: m('spec', msg({ 1: map('hard', 'quantity'), 2: strings('scopes') })),
  3: m('status', msg({})),
});

// k8s.io/api/autoscaling/v1 HorizontalPodAutoscaler (`kubectl autoscale`'s typed v1 client).
const HORIZONTAL_POD_AUTOSCALER_V1 = msg({
  1: m('metadata', OBJECT_META),
  2: m('spec', msg({
    1: m('scaleTargetRef', msg({ 1: s('kind'), 2: s('name'), 3: s('apiVersion') })),
    2: ptr(i32('minReplicas')),
    3: i32('maxReplicas'),
    4: ptr(i32('targetCPUUtilizationPercentage')),
  })),
  3: m('status', msg({})),
});
// k8s.io/api/policy/v1 (`kubectl create pdb`, drain's evictions).
const POD_DISRUPTION_BUDGET = msg({
  1: m('metadata', OBJECT_META),
  2: m('spec', msg({ 1: intOrString('minAvailable'), 2: m('selector', LABEL_SELECTOR), 3: intOrString('maxUnavailable'), 4: ptr(s('unhealthyPodEvictionPolicy')) })),
  3: m('status', msg({})),
});
const DELETE_OPTIONS = msg({
  1: ptr(i64('gracePeriodSeconds')),
  2: m('preconditions', msg({ 1: ptr(s('uid')), 2: ptr(s('resourceVersion')) })),
  3: ptr(b('orphanDependents')),
  4: ptr(s('propagationPolicy')),
  5: strings('dryRun'),
});
const EVICTION = msg({ 1: m('metadata', OBJECT_META), 2: m('deleteOptions', DELETE_OPTIONS) });

// k8s.io/api/networking/v1
const SERVICE_BACKEND_PORT = msg({ 1: s('name'), 2: i32('number') });
const INGRESS_BACKEND = msg({
  4: m('service', msg({ 1: s('name'), 2: m('port', SERVICE_BACKEND_PORT) })),
  3: m('resource', msg({ 1: ptr(s('apiGroup')), 2: s('kind'), 3: s('name') })),
});
const HTTP_INGRESS_PATH = msg({ 1: s('path'), 3: ptr(s('pathType')), 2: m('backend', INGRESS_BACKEND) });
const INGRESS_RULE = msg({
  1: s('host'),
  2: { name: 'ingressRuleValue', type: msg({ 1: m('http', msg({ 1: list('paths', HTTP_INGRESS_PATH) })) }), inline: true },
});
const INGRESS = msg({
  1: m('metadata', OBJECT_META),
  2: m(
    'spec',
    msg({
      4: ptr(s('ingressClassName')),
      1: m('defaultBackend', INGRESS_BACKEND),
      2: list('tls', msg({ 1: strings('hosts'), 2: s('secretName') })),
      3: list('rules', INGRESS_RULE),
    }),
  ),
  3: m('status', msg({ 1: m('loadBalancer', msg({ 1: list('ingress', msg({ 1: s('ip'), 2: s('hostname'), 4: list('ports', PORT_STATUS) })) })) })),
});

// k8s.io/api/rbac/v1 (`kubectl create role|clusterrole|rolebinding|clusterrolebinding`).
const POLICY_RULE = msg({ 1: strings('verbs'), 2: strings('apiGroups'), 3: strings('resources'), 4: strings('resourceNames'), 5: strings('nonResourceURLs') });
const ROLE = msg({ 1: m('metadata', OBJECT_META), 2: list('rules', POLICY_RULE) });
const CLUSTER_ROLE = msg({ 1: m('metadata', OBJECT_META), 2: list('rules', POLICY_RULE), 3: m('aggregationRule', msg({ 1: list('clusterRoleSelectors', LABEL_SELECTOR) })) });
const BINDING = msg({
  1: m('metadata', OBJECT_META),
  2: list('subjects', msg({ 1: s('kind'), 2: s('apiGroup'), 3: s('name'), 4: s('namespace') })),
  3: m('roleRef', msg({ 1: s('apiGroup'), 2: s('kind'), 3: s('name') })),
});

// k8s.io/api/authorization/v1 and authentication/v1 (`kubectl auth can-i|whoami`).
const SELF_SUBJECT_ACCESS_REVIEW = msg({
  1: m('metadata', OBJECT_META),
  2: m('spec', msg({
    1: m('resourceAttributes', msg({ 1: s('namespace'), 2: s('verb'), 3: s('group'), 4: s('version'), 5: s('resource'), 6: s('subresource'), 7: s('name') })),
    2: m('nonResourceAttributes', msg({ 1: s('path'), 2: s('verb') })),
  })),
});
const SELF_SUBJECT_RULES_REVIEW = msg({ 1: m('metadata', OBJECT_META), 2: m('spec', msg({ 1: s('namespace') })) });

// k8s.io/api/authentication/v1 TokenRequest (`kubectl create token`): the status a client sends is ignored.
const TOKEN_REQUEST = msg({
  1: m('metadata', OBJECT_META),
  2: m('spec', msg({ 1: strings('audiences'), 4: ptr(i64('expirationSeconds')), 3: m('boundObjectRef', msg({ 1: s('kind'), 2: s('apiVersion'), 3: s('name'), 4: s('uid') })) })),
});

// k8s.io/api/scheduling/v1 (`kubectl create priorityclass`).
const PRIORITY_CLASS = msg({ 1: m('metadata', OBJECT_META), 2: ptr(i32('value')), 3: b('globalDefault'), 4: s('description'), 5: ptr(s('preemptionPolicy')) });

/** Descriptor per "apiVersion/kind" of the envelope's TypeMeta. */
export const KINDS: Record<string, MessageSpec> = {
  'v1/ConfigMap': CONFIG_MAP,
  'v1/Secret': SECRET,
  'v1/Namespace': NAMESPACE,
  'v1/Service': SERVICE,
  'v1/Pod': POD,
  'v1/ServiceAccount': SERVICE_ACCOUNT,
  'apps/v1/Deployment': DEPLOYMENT,
  'apps/v1/ReplicaSet': REPLICA_SET,
  'batch/v1/Job': JOB,
  'batch/v1/CronJob': CRON_JOB,
  'v1/ResourceQuota': RESOURCE_QUOTA,
  'autoscaling/v1/HorizontalPodAutoscaler': HORIZONTAL_POD_AUTOSCALER_V1,
  'networking.k8s.io/v1/Ingress': INGRESS,
  'policy/v1/PodDisruptionBudget': POD_DISRUPTION_BUDGET,
  'policy/v1/Eviction': EVICTION,
  'policy/v1beta1/Eviction': EVICTION,
  'rbac.authorization.k8s.io/v1/Role': ROLE,
  'rbac.authorization.k8s.io/v1/ClusterRole': CLUSTER_ROLE,
  'rbac.authorization.k8s.io/v1/RoleBinding': BINDING,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': BINDING,
  'authorization.k8s.io/v1/SelfSubjectAccessReview': SELF_SUBJECT_ACCESS_REVIEW,
  'authorization.k8s.io/v1/SelfSubjectRulesReview': SELF_SUBJECT_RULES_REVIEW,
  'authentication.k8s.io/v1/SelfSubjectReview': msg({ 1: m('metadata', OBJECT_META) }),
  'authentication.k8s.io/v1/TokenRequest': TOKEN_REQUEST,
  'scheduling.k8s.io/v1/PriorityClass': PRIORITY_CLASS,
};
