import { readFileSync } from 'node:fs';

/** One .dockerignore line as a regular expression over a context-relative path. */
interface Rule {
  readonly negated: boolean;
  readonly pattern: RegExp;
}

function toRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index] as string;
    if (char === '*' && glob[index + 1] === '*') {
      // `**/` matches any number of directories, none included.
      const slash = glob[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * The build context's filter, as Docker reads .dockerignore: one pattern a line (Go's
 * filepath.Match with `**`), `!` to take a path back, the last matching line wins, and a path
 * is left out when it or any directory above it is.
 */
export class DockerIgnore {
  private readonly rules: Rule[];

  constructor(text: string) {
    this.rules = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const negated = line.startsWith('!');
        const glob = (negated ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
        return { negated, pattern: toRegExp(glob) };
      });
  }

  static read(path: string): DockerIgnore {
    return new DockerIgnore(readFileSync(path, 'utf8'));
  }

  /** Whether a context-relative path (`a/b/c`) is left out of the context. */
  excludes(path: string): boolean {
    const parts = path.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      if (this.matches(parts.slice(0, depth).join('/'))) return true;
    }
    return false;
  }

  private matches(path: string): boolean {
    let excluded = false;
    for (const rule of this.rules) if (rule.pattern.test(path)) excluded = !rule.negated;
    return excluded;
  }
}
