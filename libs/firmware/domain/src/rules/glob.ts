/**
 * ProductClass and HardwareVersion patterns: `*` is any run of characters, `?` one character,
 * everything else itself, without case (vendors are not consistent about it: `HG8245H` and
 * `hg8245h` name one model).
 */
export function globMatcher(pattern: string): (value: string) => boolean {
  const source = Array.from(pattern)
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const regex = new RegExp(`^${source}$`, 'is');
  return (value) => regex.test(value);
}
