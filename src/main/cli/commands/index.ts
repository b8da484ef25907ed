import type { CliCommand } from '../framework';
import { backupCommand, restoreCommand } from './backup';
import { analyzeCommand } from './analyze';
import { benchCommand } from './bench';
import { checkCommand } from './check';
import { exportCommand } from './export';
import { importCommand } from './import';
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
  importCommand,
  exportCommand,
  backupCommand,
  restoreCommand,
  analyzeCommand,
] as unknown as readonly CliCommand[];
