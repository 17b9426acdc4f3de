/** core/v1 ResourceQuota and LimitRange, networking.k8s.io/v1 NetworkPolicy, policy/v1 PodDisruptionBudget schemas. */
import { obj, str, i32, i64, intstr, quantity, strList, arr, map, named, time } from './types.js';
import { kindType, labelSelector, statusAny } from './meta.js';
import { protocol } from './pod.js';

const resourceList = map(quantity, 'v1.ResourceList', 'map[string]Quantity');

export const resourceQuota = kindType('ResourceQuota', 'ResourceQuota sets aggregate quota restrictions enforced per namespace', () => ({
  spec: [obj('ResourceQuotaSpec', 'ResourceQuotaSpec defines the desired hard limits to enforce for Quota.', () => ({
    hard: [resourceList, 'hard is the set of desired hard limits for each named resource.'],
    scopeSelector: [obj('ScopeSelector', 'A scope selector represents the AND of the selectors represented by the scoped-resource selector requirements.', () => ({
      matchExpressions: [arr(obj('ScopedResourceSelectorRequirement', 'A scoped-resource selector requirement is a selector that contains values, a scope name, and an operator that relates the scope name and values.', () => ({
        operator: [named('v1.ScopeSelectorOperator', ['DoesNotExist', 'Exists', 'In', 'NotIn']), 'Represents a scope\'s relationship to a set of values.', true],
        scopeName: [named('v1.ResourceQuotaScope'), 'The name of the scope that the selector applies to.', true],
        values: [strList, 'An array of string values.'],
      }))), 'A list of scope selector requirements by scope of the resources.'],
    })), 'scopeSelector is also a collection of filters like scopes that must match each object tracked by a quota.'],
    scopes: [arr(named('v1.ResourceQuotaScope', ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'])), 'A collection of filters that must match each object tracked by a quota.'],
  })), 'Spec defines the desired quota.'],
  status: statusAny('v1.ResourceQuotaStatus', 'ResourceQuotaStatus'),
}));

export const limitRange = kindType('LimitRange', 'LimitRange sets resource usage limits for each kind of resource in a Namespace.', () => ({
  spec: [obj('LimitRangeSpec', 'LimitRangeSpec defines a min/max usage limit for resources that match on kind.', () => ({
    limits: [arr(obj('LimitRangeItem', 'LimitRangeItem defines a min/max usage limit for any resource that matches on kind.', () => ({
      default: [resourceList, 'Default resource requirement limit value by resource name if resource limit is omitted.'],
      defaultRequest: [resourceList, 'DefaultRequest is the default resource requirement request value by resource name if resource request is omitted.'],
      max: [resourceList, 'Max usage constraints on this kind by resource name.'],
      maxLimitRequestRatio: [resourceList, 'MaxLimitRequestRatio if specified, the named resource must have a request and limit that are both non-zero where limit divided by request is less than or equal to the enumerated value.'],
      min: [resourceList, 'Min usage constraints on this kind by resource name.'],
      type: [named('v1.LimitType', ['Container', 'PersistentVolumeClaim', 'Pod']), 'Type of resource that this limit applies to.', true],
    }))), 'Limits is the list of LimitRangeItem objects that are enforced.', true],
  })), 'Spec defines the limits enforced.'],
}));

const peer = obj('NetworkPolicyPeer', 'NetworkPolicyPeer describes a peer to allow traffic to/from.', () => ({
  ipBlock: [obj('IPBlock', 'IPBlock describes a particular CIDR (Ex. "192.168.1.0/24","2001:db8::/64") that is allowed to the pods matched by a NetworkPolicySpec\'s podSelector.', () => ({
    cidr: [str, 'cidr is a string representing the IPBlock. Valid examples are "192.168.1.0/24" or "2001:db8::/64"', true],
    except: [strList, 'except is a slice of CIDRs that should not be included within an IPBlock.'],
  }), 'v1'), 'ipBlock defines policy on a particular IPBlock.'],
  namespaceSelector: [labelSelector, 'namespaceSelector selects namespaces using cluster-scoped labels.'],
  podSelector: [labelSelector, 'podSelector is a label selector which selects pods.'],
}), 'v1');

const policyPort = obj('NetworkPolicyPort', 'NetworkPolicyPort describes a port to allow traffic on', () => ({
  endPort: [i32, 'endPort indicates that the range of ports from port to endPort if set, inclusive, should be allowed by the policy.'],
  port: [intstr, 'port represents the port on the given protocol. This can either be a numerical or named port on a pod.'],
  protocol: [protocol, 'protocol represents the protocol (TCP, UDP, or SCTP) which traffic must match. If not specified, this field defaults to TCP.'],
}), 'v1');

export const networkPolicy = kindType('NetworkPolicy', 'NetworkPolicy describes what network traffic is allowed for a set of Pods', () => ({
  spec: [obj('NetworkPolicySpec', 'NetworkPolicySpec provides the specification of a NetworkPolicy', () => ({
    egress: [arr(obj('NetworkPolicyEgressRule', 'NetworkPolicyEgressRule describes a particular set of traffic that is allowed out of pods matched by a NetworkPolicySpec\'s podSelector.', () => ({
      ports: [arr(policyPort), 'ports is a list of destination ports for outgoing traffic.'],
      to: [arr(peer), 'to is a list of destinations for outgoing traffic of pods selected for this rule.'],
    }), 'v1')), 'egress is a list of egress rules to be applied to the selected pods.'],
    ingress: [arr(obj('NetworkPolicyIngressRule', 'NetworkPolicyIngressRule describes a particular set of traffic that is allowed to the pods matched by a NetworkPolicySpec\'s podSelector.', () => ({
      from: [arr(peer), 'from is a list of sources which should be able to access the pods selected for this rule.'],
      ports: [arr(policyPort), 'ports is a list of ports which should be made accessible on the pods selected for this rule.'],
    }), 'v1')), 'ingress is a list of ingress rules to be applied to the selected pods.'],
    podSelector: [labelSelector, 'podSelector selects the pods to which this NetworkPolicy object applies. An empty podSelector matches all pods in this namespace.', true],
    policyTypes: [arr(named('v1.PolicyType', ['Egress', 'Ingress'])), 'policyTypes is a list of rule types that the NetworkPolicy relates to. Valid options are ["Ingress"], ["Egress"], or ["Ingress", "Egress"].'],
  }), 'v1'), 'spec represents the specification of the desired behavior for this NetworkPolicy.'],
}));


const condition = obj('Condition', 'Condition contains details for one aspect of the current state of this API Resource.', () => ({
  lastTransitionTime: [time, 'lastTransitionTime is the last time the condition transitioned from one status to another.', true],
  message: [str, 'message is a human readable message indicating details about the transition. This may be an empty string.', true],
  observedGeneration: [i64, 'observedGeneration represents the .metadata.generation that the condition was set based upon.'],
  reason: [str, "reason contains a programmatic identifier indicating the reason for the condition's last transition.", true],
  status: [named('v1.ConditionStatus', ['False', 'True', 'Unknown']), 'status of the condition, one of True, False, Unknown.', true],
  type: [str, 'type of condition in CamelCase or in foo.example.com/CamelCase.', true],
}));

/** policy/v1 PodDisruptionBudget (descriptions from k8s.io/api policy/v1 types.go, first sentences). */
export const podDisruptionBudget = kindType('PodDisruptionBudget', 'PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods', () => ({
  spec: [obj('PodDisruptionBudgetSpec', 'PodDisruptionBudgetSpec is a description of a PodDisruptionBudget.', () => ({
    maxUnavailable: [intstr, 'An eviction is allowed if at most "maxUnavailable" pods selected by "selector" are unavailable after the eviction, i.e. even in absence of the evicted pod. For example, one can prevent all voluntary evictions by specifying 0. This is a mutually exclusive setting with "minAvailable".'],
    minAvailable: [intstr, 'An eviction is allowed if at least "minAvailable" pods selected by "selector" will still be available after the eviction, i.e. even in the absence of the evicted pod.  So for example you can prevent all voluntary evictions by specifying "100%".'],
    selector: [labelSelector, 'Label query over pods whose evictions are managed by the disruption budget. A null selector will match no pods, while an empty ({}) selector will select all pods within the namespace.'],
    unhealthyPodEvictionPolicy: [named('v1.UnhealthyPodEvictionPolicyType', ['AlwaysAllow', 'IfHealthyBudget']), 'UnhealthyPodEvictionPolicy defines the criteria for when unhealthy pods should be considered for eviction. Current implementation considers healthy pods, as pods that have status.conditions item with type="Ready",status="True".'],
  })), 'Specification of the desired behavior of the PodDisruptionBudget.'],
  status: [obj('PodDisruptionBudgetStatus', 'PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget. Status may trail the actual state of a system.', () => ({
    conditions: [arr(condition), 'Conditions contain conditions for PDB. The disruption controller sets the DisruptionAllowed condition.'],
    currentHealthy: [i32, 'current number of healthy pods', true],
    desiredHealthy: [i32, 'minimum desired number of healthy pods', true],
    disruptedPods: [map(time, 'map[string]v1.Time', 'map[string]string'), 'DisruptedPods contains information about pods whose eviction was processed by the API server eviction subresource handler but has not yet been observed by the PodDisruptionBudget controller.'],
    disruptionsAllowed: [i32, 'Number of pod disruptions that are currently allowed.', true],
    expectedPods: [i32, 'total number of pods counted by this disruption budget', true],
    observedGeneration: [i64, "Most recent generation observed when updating this PDB status. DisruptionsAllowed and other status information is valid only if observedGeneration equals to PDB's object generation."],
  })), 'Most recently observed status of the PodDisruptionBudget.'],
}));
