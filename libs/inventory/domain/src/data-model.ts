export function isObjectPath(path: string): boolean {
  return path === '' || path.endsWith('.');
}

/** True when `path` is `prefix` itself or lies under it (`prefix` an object path ending with a dot). */
export function isUnder(path: string, prefix: string): boolean {
  return isObjectPath(prefix) ? path.startsWith(prefix) : path === prefix;
}

/**
 * The smallest set of subtree roots covering `paths`: a path under an object path already in the
 * set is dropped, so the store deletes each subtree once.
 */
export function subtreeRoots(paths: Iterable<string>): string[] {
  const sorted = [...new Set(paths)].sort();
  const roots: string[] = [];
  for (const path of sorted) {
    const last = roots[roots.length - 1];
    // Sorting puts an object path right before everything under it.
    if (last !== undefined && isObjectPath(last) && path.startsWith(last)) continue;
    roots.push(path);
  }
  return roots;
}
