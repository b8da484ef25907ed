import type { CommandName } from '../../shared/contract';
import type { HandlerTable } from '../core/handlers';
import { shopHandlers } from './shop/shop.commands';
import { transferHandlers } from './transfer/transfer.commands';
import { backupHandlers } from './backup/backup.commands';

/**
 * Every handler, combined once. The type makes a missing or extra handler a
 * compile error; each domain contributes one spread.
 */
export const handlers: HandlerTable<CommandName> = {
  ...shopHandlers,
  ...transferHandlers,
  ...backupHandlers,
};
