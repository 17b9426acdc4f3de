/**
 * Descriptions of apimachinery's value types that a field's explanation ends with: the published OpenAPI
 * names them by reference (allOf: [{$ref}]) beside the field's own description, and kubectl's explain
 * template prints both. kube-sim's own words, as the other descriptions of the schema tables.
 */

/** intstr.IntOrString. */
export const INT_OR_STRING_DOC = 'IntOrString is a type that holds either an int32 or a string; in JSON and YAML it is written as the value it holds, so a field can take a name or a number.';

/** resource.Quantity. */
export const QUANTITY_DOC = 'Quantity is a fixed-point number, written as a string: a signed number with an optional suffix, binary (Ki, Mi, Gi, Ti, Pi, Ei), decimal (m, "", k, M, G, T, P, E) or an exponent (e or E followed by a signed number).';

/** metav1.Time. */
export const TIME_DOC = 'Time is a timestamp written in RFC 3339 form, in UTC, to the second.';
