// Appending without spreading: a spread call passes every element of the
// list as an argument, and past ~125,000 of them throws "Maximum call stack
// size exceeded". Call this instead for any list that grows with the estate.
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]!);
  return target;
}

/** Adds `value` to the list `map` holds under `key`, starting the list when there is none. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
