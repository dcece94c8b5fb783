// Appending without spreading: `a.push(...b)` passes every element as an
// argument and throws "Maximum call stack size exceeded" past ~125,000.
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
  return target;
}
