import { readFileSync } from 'node:fs';

/** One instruction, continuation lines joined, with its leading `--flag=value` options apart. */
export interface Instruction {
  readonly keyword: string;
  readonly flags: Readonly<Record<string, string>>;
  /** What follows the keyword and the flags, as written. */
  readonly args: string;
  /** Line of the file it starts on (1-based), for messages. */
  readonly line: number;
}

export interface Stage {
  readonly name: string;
  /** The image or earlier stage it starts from, global ARGs substituted. */
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly stages: readonly Stage[];
}

const FLAG = /^--([a-z-]+)(?:=(\S*))?\s+/;

/** Splits `--a=b --c=d rest` into its flags and the rest. */
function splitFlags(text: string): { flags: Record<string, string>; args: string } {
  const flags: Record<string, string> = {};
  let rest = text;
  for (let match = FLAG.exec(rest); match; match = FLAG.exec(rest)) {
    flags[match[1] as string] = match[2] ?? 'true';
    rest = rest.slice(match[0].length);
  }
  return { flags, args: rest.trim() };
}

function substitute(text: string, args: Record<string, string>, line: number): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a, b) => {
    const name = (a ?? b) as string;
    const value = args[name];
    if (value === undefined) throw new Error(`line ${line}: ARG ${name} has no default`);
    return value;
  });
}

/**
 * Parses a Dockerfile into stages (the subset of the syntax the project's Dockerfile uses: any
 * instruction, line continuations, comments, global ARGs with defaults in FROM). What it cannot
 * read it refuses, so the file cannot drift past what the test replays.
 */
export function parseDockerfile(text: string): Dockerfile {
  const logical: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const trimmed = raw.trim();
    // Comments (and parser directives) are dropped, also between continuation lines.
    if (trimmed.startsWith('#')) continue;
    if (trimmed === '' && !pending) continue;
    const continued = trimmed.endsWith('\\');
    const piece = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending
      ? { text: `${pending.text} ${piece}`, line: pending.line }
      : { text: piece, line: index + 1 };
    if (!continued) {
      logical.push(pending);
      pending = undefined;
    }
  }
  if (pending) throw new Error(`line ${pending.line}: a continuation runs past the end`);

  const globalArgs: Record<string, string> = {};
  const stages: { name: string; from: string; instructions: Instruction[] }[] = [];
  for (const { text: statement, line } of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(statement);
    const keyword = (match?.[1] ?? '').toUpperCase();
    const { flags, args } = splitFlags(`${match?.[2] ?? ''} `);
    if (keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`line ${line}: cannot read FROM ${args}`);
      const image = substitute(from[1] as string, globalArgs, line);
      stages.push({ name: from[2] ?? String(stages.length), from: image, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) {
      const arg = /^([A-Za-z_][A-Za-z0-9_]*)=(\S+)$/.exec(args);
      if (keyword !== 'ARG' || !arg) throw new Error(`line ${line}: ${keyword} before any FROM`);
      globalArgs[arg[1] as string] = arg[2] as string;
      continue;
    }
    stage.instructions.push({ keyword, flags, args, line });
  }
  return { stages };
}

export function readDockerfile(path: string): Dockerfile {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

/** An exec-form (`["a", "b"]`) argument list, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string'))
    throw new Error(`not a JSON array of strings: ${args}`);
  return parsed;
}

/** `ENV A=1 B=2` (or the old `ENV A 1`) as pairs; values may be double-quoted. */
export function envPairs(args: string): Record<string, string> {
  const old = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=]*)$/.exec(args);
  if (old) return { [old[1] as string]: (old[2] as string).trim() };
  const pairs: Record<string, string> = {};
  const pattern = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (const match of args.matchAll(pattern)) {
    const value = match[2] as string;
    pairs[match[1] as string] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return pairs;
}
