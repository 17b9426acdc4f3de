/** scheduling.k8s.io/v1 PriorityClass schema (it has no spec: its fields are top-level). */
import { str, i32, bool, named } from './types.js';
import { kindType } from './meta.js';

export const priorityClass = kindType('PriorityClass', 'PriorityClass defines mapping from a priority class name to the priority integer value. The value can be any valid integer.', () => ({
  description: [str, 'description is an arbitrary string that usually provides guidelines on when this priority class should be used.'],
  globalDefault: [bool, 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.'],
  preemptionPolicy: [named('v1.PreemptionPolicy', ['Never', 'PreemptLowerPriority']), 'preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.'],
  value: [i32, 'value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.', true],
}), 'v1');
