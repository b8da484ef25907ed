import type { CliCommand } from '../framework';
import { analyzeCommand } from './analyze';
import { benchCommand } from './bench';
import { checkCommand } from './check';
import { initCommand } from './init';
import { seedCommand } from './seed';
import { statsCommand } from './stats';
import { webCommand } from './web';

/** Every CLI command; a new one is one import and one entry. */
export const cliCommands: readonly CliCommand[] = [
  initCommand,
  seedCommand,
  checkCommand,
  statsCommand,
  webCommand,
  benchCommand,
  analyzeCommand,
] as unknown as readonly CliCommand[];
