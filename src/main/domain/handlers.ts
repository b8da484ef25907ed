import type { CommandName } from '../../shared/contract';
import type { HandlerTable } from '../core/handlers';
import { shopHandlers } from './shop/shop.commands';
import { loyaltyHandlers } from './loyalty/loyalty.commands';

/**
 * Every handler, combined once. The type makes a missing or extra handler a
 * compile error; each domain contributes one spread.
 */
export const handlers: HandlerTable<CommandName> = {
  ...shopHandlers,
  ...loyaltyHandlers,
};
