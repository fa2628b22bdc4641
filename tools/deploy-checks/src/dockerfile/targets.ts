import type { Dockerfile, Instruction, Stage } from './parse';
import { execForm } from './parse';

/** Stages no other stage starts from or copies from: the images one builds (`--target`). */
export function finalTargets(dockerfile: Dockerfile): string[] {
  const used = new Set<string>();
  for (const stage of dockerfile.stages) {
    used.add(stage.from);
    for (const instruction of stage.instructions) {
      const from = instruction.flags['from'];
      if (from) used.add(from);
    }
  }
  return dockerfile.stages.map((stage) => stage.name).filter((name) => !used.has(name));
}

/** The stages an image is made of, its base image's first: `runtime`, then `gateway`. */
export function chainOf(dockerfile: Dockerfile, target: string): Stage[] {
  const chain: Stage[] = [];
  for (let name: string | undefined = target; name !== undefined; ) {
    const stage = dockerfile.stages.find((candidate) => candidate.name === name);
    if (!stage) break;
    chain.unshift(stage);
    name = stage.from;
  }
  return chain;
}

/** The last instruction of a kind along an image's chain (USER, HEALTHCHECK are inherited). */
export function effective(chain: Stage[], keyword: string): Instruction | undefined {
  return chain
    .flatMap((stage) => stage.instructions)
    .filter((i) => i.keyword === keyword)
    .at(-1);
}

/** A HEALTHCHECK's command as argv, undefined for NONE. */
export function healthcheckArgv(instruction: Instruction): string[] | undefined {
  if (instruction.args === 'NONE') return undefined;
  const command = /^CMD\s+(.*)$/.exec(instruction.args)?.[1] ?? '';
  return execForm(command) ?? ['/bin/sh', '-c', command];
}
