import { parseArgs } from 'node:util';
import { RefusedInput } from '@latentlens/data';
import { PipelineError } from './pipeline/load';
import { printable } from './terminal/printable';
import { Command, UsageError, helpText } from './commands/command';
import { COMMANDS } from './commands';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'latentlens — from raw images to pictures of what an autoencoder learned',
    '',
    'Usage: latentlens <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "Run `latentlens <command> --help` for a command's options.",
  ].join('\n');
}

/** Parses arguments, runs the command, and turns every failure into one line and an exit code. */
export async function main(
  argv: string[],
  out = (line: string) => console.log(line),
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(overview());
    return name ? 0 : 2;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  try {
    if (!command)
      throw new UsageError(
        `unknown command "${name}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})`,
      );
    if (rest.includes('--help') || rest.includes('-h')) {
      out(helpText(command));
      return 0;
    }
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    return await command.run({
      values: values as Record<string, string | boolean | string[] | undefined>,
      positionals,
      out,
    });
  } catch (error) {
    if (error instanceof PipelineError) {
      for (const line of error.lines) console.error(printable(line));
      return 2;
    }
    // One line, whatever a file name or value holds (a newline, an escape sequence).
    const message = printable((error as Error).message);
    if (error instanceof RefusedInput) {
      console.error(`latentlens ${name}: ${message}`);
      return 2;
    }
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`latentlens ${name}: ${message} (see latentlens ${name} --help)`);
      return 2;
    }
    console.error(`latentlens ${name}: ${message}`);
    return 1;
  }
}
