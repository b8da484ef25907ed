import type { CommandName } from '../../shared/contract';
import type { HandlerTable } from '../core/handlers';
import { shopHandlers } from './shop/shop.commands';
import { authHandlers } from './auth/auth.commands';
import { auditHandlers } from './audit/audit.commands';
import { privacyHandlers } from './privacy/privacy.commands';
import { salesHandlers } from './sales/sales.commands';
import { careHandlers } from './care/care.commands';
import { cardHandlers } from './card/card.commands';
import { customerHandlers } from './customers/customers.commands';
import { analysisHandlers } from './analysis/analysis.commands';
import { loyaltyHandlers } from './loyalty/loyalty.commands';
import { transferHandlers } from './transfer/transfer.commands';
import { backupHandlers } from './backup/backup.commands';

/**
 * Every handler, combined once. The type makes a missing or extra handler a
 * compile error; each domain contributes one spread.
 */
export const handlers: HandlerTable<CommandName> = {
  ...shopHandlers,
  ...authHandlers,
  ...auditHandlers,
  ...privacyHandlers,
  ...salesHandlers,
  ...careHandlers,
  ...cardHandlers,
  ...customerHandlers,
  ...analysisHandlers,
  ...loyaltyHandlers,
  ...transferHandlers,
  ...backupHandlers,
};
