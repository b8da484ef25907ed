import type { CliCommand } from '../framework';
import { benchCommand } from './bench';
import { checkCommand } from './check';
import { initCommand } from './init';
import { seedCommand } from './seed';
import { statsCommand } from './stats';
import { webCommand } from './web';
import { auditExportCommand, eraseCommand } from './privacy';

/** Every CLI command; a new one is one import and one entry. */
export const cliCommands: readonly CliCommand[] = [
  initCommand,
  seedCommand,
  checkCommand,
  statsCommand,
  webCommand,
  benchCommand,
  auditExportCommand,
  eraseCommand,
] as unknown as readonly CliCommand[];
