/** rbac.authorization.k8s.io/v1 schemas: Role, ClusterRole, RoleBinding, ClusterRoleBinding. */
import { obj, str, strList, arr, type ObjectType } from './types.js';
import { kindType, labelSelector } from './meta.js';

const policyRule = obj('PolicyRule', 'PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.', () => ({
  apiGroups: [strList, 'APIGroups is the name of the APIGroup that contains the resources. If multiple API groups are specified, any action requested against one of the enumerated resources in any API group will be allowed. "" represents the core API group and "*" represents all API groups.'],
  nonResourceURLs: [strList, 'NonResourceURLs is a set of partial urls that a user should have access to. *s are allowed, but only as the full, final step in the path.'],
  resourceNames: [strList, 'ResourceNames is an optional white list of names that the rule applies to.  An empty set means that everything is allowed.'],
  resources: [strList, "Resources is a list of resources this rule applies to. '*' represents all resources."],
  verbs: [strList, "Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule. '*' represents all verbs.", true],
}), 'v1');

const roleRef = obj('RoleRef', 'RoleRef contains information that points to the role being used', () => ({
  apiGroup: [str, 'APIGroup is the group for the resource being referenced', true],
  kind: [str, 'Kind is the type of resource being referenced', true],
  name: [str, 'Name is the name of resource being referenced', true],
}), 'v1');

const subject = obj('Subject', 'Subject contains a reference to the object or user identities a role binding applies to.  This can either hold a direct API object reference, or a value for non-objects such as user and group names.', () => ({
  apiGroup: [str, 'APIGroup holds the API group of the referenced subject. Defaults to "" for ServiceAccount subjects. Defaults to "rbac.authorization.k8s.io" for User and Group subjects.'],
  kind: [str, 'Kind of object being referenced. Values defined by this API group are "User", "Group", and "ServiceAccount". If the Authorizer does not recognized the kind value, the Authorizer should report an error.', true],
  name: [str, 'Name of the object being referenced.', true],
  namespace: [str, 'Namespace of the referenced object.  If the object kind is non-namespace, such as "User" or "Group", and this value is not empty the Authorizer should report an error.'],
}), 'v1');

export const role: ObjectType = kindType('Role', 'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.', () => ({
  rules: [arr(policyRule), 'Rules holds all the PolicyRules for this Role'],
}));

export const clusterRole: ObjectType = kindType('ClusterRole', 'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.', () => ({
  aggregationRule: [obj('AggregationRule', 'AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole', () => ({
    clusterRoleSelectors: [arr(labelSelector), "ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules. If any of the selectors match, then the ClusterRole's permissions will be added"],
  }), 'v1'), 'AggregationRule is an optional field that describes how to build the Rules for this ClusterRole. If AggregationRule is set, then the Rules are controller managed and direct changes to Rules will be stomped by the controller.'],
  rules: [arr(policyRule), 'Rules holds all the PolicyRules for this ClusterRole'],
}));

export const roleBinding: ObjectType = kindType('RoleBinding', 'RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace. It adds who information via Subjects and namespace information by which namespace it exists in.  RoleBindings in a given namespace only have effect in that namespace.', () => ({
  roleRef: [roleRef, 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.', true],
  subjects: [arr(subject), 'Subjects holds references to the objects the role applies to.'],
}));

export const clusterRoleBinding: ObjectType = kindType('ClusterRoleBinding', 'ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.', () => ({
  roleRef: [roleRef, 'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.', true],
  subjects: [arr(subject), 'Subjects holds references to the objects the role applies to.'],
}));
