import { PatronError } from '../../shared/errors';
import { cliCommands } from './commands';
import { EXIT_FAILURE, EXIT_USAGE, helpText, parseCommandArgs, UsageError, type CliIo } from './framework';

const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function overview(): string {
  const width = Math.max(...cliCommands.map((c) => c.name.length)) + 2;
  return [
    'Patron (知客) command line — works on the same shop file as the app.',
    '',
    'Usage: npm run cli -- <command> [options]      (npm run cli -- <command> --help for details)',
    '',
    'Commands:',
    ...cliCommands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name ? 0 : EXIT_USAGE;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${overview()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(helpText(command));
    return 0;
  }
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    return await command.run(values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`Error: ${error.message}\n\n${helpText(command)}`);
      return EXIT_USAGE;
    }
    if (error instanceof PatronError) {
      io.err(`Error (${error.code}): ${error.message}`);
      return EXIT_FAILURE;
    }
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILURE;
  }
}

process.exitCode = await main(process.argv.slice(2));
