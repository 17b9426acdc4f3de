/** A piece shared by the little expression parsers of awk and jq. */

/**
 * One level of left-associative binary operators (`a + b - c`): `next` parses an operand of the level
 * above, `takeOp` consumes and returns the next operator of this level (undefined when there is none),
 * `make` builds the node.
 */
export function leftAssoc<T>(next: () => T, takeOp: () => string | undefined, make: (op: string, a: T, b: T) => T): T {
  let a = next();
  for (let op = takeOp(); op !== undefined; op = takeOp()) a = make(op, a, next());
  return a;
}
