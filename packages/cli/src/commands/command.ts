import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description?: string };

/** One sub-command: its options (for parsing and --help) and what it does with them. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** More lines for --help, after the options (e.g. what each value of an option means). */
  details?: string[];
  run(args: {
    values: Record<string, string | boolean | string[] | undefined>;
    positionals: string[];
    out: (line: string) => void;
  }): Promise<number>;
}

export function helpText(command: Command): string {
  const lines = [`${command.summary}`, '', `Usage: ${command.usage}`];
  const entries = Object.entries(command.options);
  if (entries.length) {
    lines.push('', 'Options:');
    for (const [name, spec] of entries) {
      const flag = `--${name}${spec.type === 'string' ? ' <value>' : ''}`;
      lines.push(`  ${flag.padEnd(28)}${spec.description ?? ''}`);
    }
  }
  lines.push(`  ${'--help'.padEnd(28)}Show this help`);
  if (command.details) lines.push('', ...command.details);
  return lines.join('\n');
}

/** Wrong arguments: reported in one line with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

/** Options that each take one value, from their descriptions: `{ out: 'output folder' }`. */
export function valueOptions(descriptions: Record<string, string>): Record<string, OptionSpec> {
  return Object.fromEntries(
    Object.entries(descriptions).map(([name, description]) => [
      name,
      { type: 'string', description },
    ]),
  );
}
