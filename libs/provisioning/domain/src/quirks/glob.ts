/** `*` stands for any run of characters (none included); everything else is literal. */
export function globMatches(pattern: string, text: string): boolean {
  return globToRegExp(pattern).test(text);
}

const cache = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
  let compiled = cache.get(pattern);
  if (!compiled) {
    const source = pattern
      .split('*')
      .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    compiled = new RegExp(`^${source}$`);
    cache.set(pattern, compiled);
  }
  return compiled;
}
