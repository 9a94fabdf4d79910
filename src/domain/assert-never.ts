/** Ends an exhaustive switch: a case left out is a compile error here, and a run-time one for data from outside. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
