import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { goToolBinary } from '@acs/testing';

const execFileAsync = promisify(execFile);

export const COMPOSE_FILE = resolve(import.meta.dirname, '../../../docker-compose.yml');

/** A service as compose-go resolved it (the fields the tests read). */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  profiles?: string[];
  restart?: string;
  environment?: Record<string, string | null>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  ports?: { target: number; published?: string; host_ip?: string }[];
  volumes?: { type: string; source?: string; target: string }[];
}

export interface ComposeProject {
  name: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function composeCheckBinary(): Promise<string> {
  return goToolBinary({ name: 'compose-check', pkg: './cmd/compose-check' });
}

/**
 * The compose file as Docker Compose v2 loads it (schema validation and consistency checks on,
 * with the given profiles; `*` enables all). Rejects with the loader's message when invalid.
 */
export async function loadCompose(file: string, profiles: string[] = []): Promise<ComposeProject> {
  const args = [...profiles.flatMap((profile) => ['--profile', profile]), file];
  try {
    const { stdout } = await execFileAsync(await composeCheckBinary(), args, {
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout) as ComposeProject;
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(stderr || String(error));
  }
}
