/**
 * autoscaling/v2 (stored) and autoscaling/v1 HorizontalPodAutoscaler schemas: the fields of the v1.32
 * API (k8s.io/api/autoscaling/v2 and v1 types.go), descriptions cut to their first sentences as the
 * other schemas here are.
 */
import { obj, str, i32, quantity, named, arr, type FieldSpec } from './types.js';
import { kindType, labelSelector, statusAny } from './meta.js';

const crossVersionObjectReference = (pkg: string) =>
  obj('CrossVersionObjectReference', 'CrossVersionObjectReference contains enough information to let you identify the referred resource.', () => ({
    apiVersion: [str, 'apiVersion is the API version of the referent'],
    kind: [str, 'kind is the kind of the referent; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds', true],
    name: [str, 'name is the name of the referent; More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names', true],
  }), pkg);

const metricTarget = obj('MetricTarget', 'MetricTarget defines the target value, average value, or average utilization of a specific metric', () => ({
  averageUtilization: [i32, 'averageUtilization is the target value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods.'],
  averageValue: [quantity, 'averageValue is the target value of the average of the metric across all relevant pods (as a quantity)'],
  type: [str, 'type represents whether the metric type is Utilization, Value, or AverageValue', true],
  value: [quantity, 'value is the target value of the metric (as a quantity).'],
}), 'v2');

const metricIdentifier = obj('MetricIdentifier', 'MetricIdentifier defines the name and optionally selector for a metric', () => ({
  name: [str, 'name is the name of the given metric', true],
  selector: [labelSelector, 'selector is the string-encoded form of a standard kubernetes label selector for the given metric When set, it is passed as an additional parameter to the metrics server for more specific metrics scoping.'],
}), 'v2');

/** The fields every metric source has, before its own (`name`, `container`, `describedObject`). */
const METRIC_FIELD: FieldSpec = [metricIdentifier, 'metric identifies the target metric by name and selector', true];
const TARGET_FIELD: FieldSpec = [metricTarget, 'target specifies the target value for the given metric', true];
const RESOURCE_NAME: FieldSpec = [str, 'name is the name of the resource in question.', true];

const metricSpec = obj('MetricSpec', 'MetricSpec specifies how to scale based on a single metric (only `type` and one other matching field should be set at once).', () => ({
  containerResource: [obj('ContainerResourceMetricSource', 'ContainerResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).', () => ({
    container: [str, 'container is the name of the container in the pods of the scaling target', true],
    name: RESOURCE_NAME,
    target: TARGET_FIELD,
  }), 'v2'), 'containerResource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing a single container in each pod of the current scale target (e.g. CPU or memory).'],
  external: [obj('ExternalMetricSource', 'ExternalMetricSource indicates how to scale on a metric not associated with any Kubernetes object (for example length of queue in cloud messaging service, or QPS from loadbalancer running outside of cluster).', () => ({
    metric: METRIC_FIELD,
    target: TARGET_FIELD,
  }), 'v2'), 'external refers to a global metric that is not associated with any Kubernetes object.'],
  object: [obj('ObjectMetricSource', 'ObjectMetricSource indicates how to scale on a metric describing a kubernetes object (for example, hits-per-second on an Ingress object).', () => ({
    describedObject: [crossVersionObjectReference('v2'), 'describedObject specifies the descriptions of a object,such as kind,name apiVersion', true],
    metric: METRIC_FIELD,
    target: TARGET_FIELD,
  }), 'v2'), 'object refers to a metric describing a single kubernetes object (for example, hits-per-second on an Ingress object).'],
  pods: [obj('PodsMetricSource', 'PodsMetricSource indicates how to scale on a metric describing each pod in the current scale target (for example, transactions-processed-per-second).', () => ({
    metric: METRIC_FIELD,
    target: TARGET_FIELD,
  }), 'v2'), 'pods refers to a metric describing each pod in the current scale target (for example, transactions-processed-per-second).'],
  resource: [obj('ResourceMetricSource', 'ResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).', () => ({
    name: RESOURCE_NAME,
    target: TARGET_FIELD,
  }), 'v2'), 'resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing each pod in the current scale target (e.g. CPU or memory).'],
  type: [named('v2.MetricSourceType', ['ContainerResource', 'External', 'Object', 'Pods', 'Resource']), 'type is the type of metric source.', true],
}), 'v2');

const scalingRules = obj('HPAScalingRules', 'HPAScalingRules configures the scaling behavior for one direction.', () => ({
  policies: [arr(obj('HPAScalingPolicy', 'HPAScalingPolicy is a single policy which must hold true for a specified past interval.', () => ({
    periodSeconds: [i32, 'periodSeconds specifies the window of time for which the policy should hold true.', true],
    type: [str, 'type is used to specify the scaling policy.', true],
    value: [i32, 'value contains the amount of change which is permitted by the policy.', true],
  }), 'v2')), 'policies is a list of potential scaling polices which can be used during scaling.'],
  selectPolicy: [str, 'selectPolicy is used to specify which policy should be used.'],
  stabilizationWindowSeconds: [i32, 'stabilizationWindowSeconds is the number of seconds for which past recommendations should be considered while scaling up or scaling down.'],
}), 'v2');

export const horizontalPodAutoscaler = kindType('HorizontalPodAutoscaler', 'HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.', () => ({
  spec: [obj('HorizontalPodAutoscalerSpec', 'HorizontalPodAutoscalerSpec describes the desired functionality of the HorizontalPodAutoscaler.', () => ({
    behavior: [obj('HorizontalPodAutoscalerBehavior', 'HorizontalPodAutoscalerBehavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).', () => ({
      scaleDown: [scalingRules, 'scaleDown is scaling policy for scaling Down.'],
      scaleUp: [scalingRules, 'scaleUp is scaling policy for scaling Up.'],
    }), 'v2'), 'behavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).'],
    maxReplicas: [i32, 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.', true],
    metrics: [arr(metricSpec), 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'],
    minReplicas: [i32, 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'],
    scaleTargetRef: [crossVersionObjectReference('v2'), 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.', true],
  }), 'v2'), 'spec is the specification for the behaviour of the autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status.'],
  status: statusAny('v2.HorizontalPodAutoscalerStatus', 'HorizontalPodAutoscalerStatus'),
}), 'v2');

const v1Spec: Record<string, FieldSpec> = {
  maxReplicas: [i32, 'maxReplicas is the upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.', true],
  minReplicas: [i32, 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'],
  scaleTargetRef: [crossVersionObjectReference('v1'), 'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.', true],
  targetCPUUtilizationPercentage: [i32, 'targetCPUUtilizationPercentage is the target average CPU utilization (represented as a percentage of requested CPU) over all the pods; if not specified the default autoscaling policy will be used.'],
};

export const horizontalPodAutoscalerV1 = kindType('HorizontalPodAutoscaler', 'configuration of a horizontal pod autoscaler.', () => ({
  spec: [obj('HorizontalPodAutoscalerSpec', 'specification of a horizontal pod autoscaler.', () => v1Spec), 'spec defines the behaviour of autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status.'],
  status: statusAny('v1.HorizontalPodAutoscalerStatus', 'HorizontalPodAutoscalerStatus'),
}));
