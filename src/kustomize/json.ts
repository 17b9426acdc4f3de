/** Reading the plain JSON values a kustomization and its objects are made of. */

/** Any decoded YAML or JSON value. */
export type Json = unknown;
/** A decoded mapping. */
export type Obj = Record<string, Json>;

/** Is this a mapping (not a list, not null)? */
export const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The strings of a list field (anything else in it, or a field that is not a list, gives nothing). */
export const strings = (v: Json): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A string map field (labels, annotations); values that are not strings are left out. */
export const stringMap = (v: Json): Record<string, string> => (isObj(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {});
