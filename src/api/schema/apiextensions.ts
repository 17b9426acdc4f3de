/**
 * Schema of CustomResourceDefinition (apiextensions.k8s.io/v1), for strict decoding and explain. The
 * openAPIV3Schema (JSONSchemaProps, recursive) is taken as free JSON here; kinds/crd-schema.ts reads it.
 */
import { obj, str, i32, bool, arr, strList, named, anyJson, anyObj, type ObjectType } from './types.js';
import { kindType, statusAny } from './meta.js';

const names = obj('CustomResourceDefinitionNames', 'CustomResourceDefinitionNames indicates the names to serve this CustomResourceDefinition', () => ({
  categories: [strList, "categories is a list of grouped resources this custom resource belongs to (e.g. 'all')."],
  kind: [str, 'kind is the serialized kind of the resource. It is normally CamelCase and singular.', true],
  listKind: [str, 'listKind is the serialized kind of the list for this resource. Defaults to "`kind`List".'],
  plural: [str, 'plural is the plural name of the resource to serve.', true],
  shortNames: [strList, 'shortNames are short names for the resource, exposed in API discovery documents.'],
  singular: [str, 'singular is the singular name of the resource. It must be all lowercase. Defaults to lowercased `kind`.'],
}), 'v1');

const column = obj('CustomResourceColumnDefinition', 'CustomResourceColumnDefinition specifies a column for server side printing.', () => ({
  description: [str, 'description is a human readable description of this column.'],
  format: [str, 'format is an optional OpenAPI type definition for this column.'],
  jsonPath: [str, 'jsonPath is a simple JSON path (i.e. with array notation) which is evaluated against each custom resource to produce the value for this column.', true],
  name: [str, 'name is a human readable name for the column.', true],
  priority: [i32, 'priority is an integer defining the relative importance of this column compared to others.'],
  type: [str, 'type is an OpenAPI type definition for this column.', true],
}), 'v1');

const version = obj('CustomResourceDefinitionVersion', 'CustomResourceDefinitionVersion describes a version for CRD.', () => ({
  additionalPrinterColumns: [arr(column), 'additionalPrinterColumns specifies additional columns returned in Table output.'],
  deprecated: [bool, 'deprecated indicates this version of the custom resource API is deprecated.'],
  deprecationWarning: [str, 'deprecationWarning overrides the default warning returned to API clients.'],
  name: [str, 'name is the version name, e.g. “v1”, “v2beta1”, etc.', true],
  schema: [anyObj('v1.CustomResourceValidation'), 'schema describes the schema used for validation, pruning, and defaulting of this version of the custom resource.'],
  selectableFields: [anyJson('[]v1.SelectableField', '[]SelectableField'), 'selectableFields specifies paths to fields that may be used as field selectors.'],
  served: [bool, 'served is a flag enabling/disabling this version from being served via REST APIs', true],
  storage: [bool, 'storage indicates this version should be used when persisting custom resources to storage.', true],
  subresources: [anyObj('v1.CustomResourceSubresources'), 'subresources specify what subresources this version of the defined custom resource have.'],
}), 'v1');

const spec = obj('CustomResourceDefinitionSpec', 'CustomResourceDefinitionSpec describes how a user wants their resource to appear', () => ({
  conversion: [anyObj('v1.CustomResourceConversion'), 'conversion defines conversion settings for the CRD.'],
  group: [str, 'group is the API group of the defined custom resource.', true],
  names: [names, 'names specify the resource and kind names for the custom resource.', true],
  preserveUnknownFields: [bool, 'preserveUnknownFields indicates that object fields which are not specified in the OpenAPI schema should be preserved when persisting to storage.'],
  scope: [named('v1.ResourceScope', ['Cluster', 'Namespaced']), 'scope indicates whether the defined custom resource is cluster- or namespace-scoped.', true],
  versions: [arr(version), 'versions is the list of all API versions of the defined custom resource.', true],
}), 'v1');

export const customResourceDefinition: ObjectType = kindType(
  'CustomResourceDefinition',
  'CustomResourceDefinition represents a resource that should be exposed on the API server.  Its name MUST be in the format <.spec.name>.<.spec.group>.',
  () => ({
    spec: [spec, 'spec describes how the user wants the resources to appear', true],
    status: statusAny('v1.CustomResourceDefinitionStatus', 'CustomResourceDefinitionStatus'),
  }),
);
