import type { HandlerTable } from '../../core/handlers';
import type { salesCommands } from '../../../shared/contract/sales';
import { nowIso } from '../../db/ids';
import { deleteSale, getSale, recordSale, updateSale } from './sales.service';
import { findProductByName, insertProduct, listProducts } from './sales.repo';

export const salesHandlers: HandlerTable<keyof typeof salesCommands> = {
  'sales.record': ({ customerId, ...args }, ctx) => {
    const sale = ctx.db.transaction(() => recordSale(ctx.db, customerId, args, nowIso(ctx.clock)))();
    ctx.markChanged('purchases', 'purchase_lines', 'products', 'reminders');
    return sale;
  },
  'sales.update': ({ id, ...args }, ctx) => {
    const sale = ctx.db.transaction(() =>
      updateSale(ctx.db, id, args, ctx.session.role(), nowIso(ctx.clock)),
    )();
    ctx.markChanged('purchases', 'purchase_lines', 'products', 'customer_changes');
    return sale;
  },
  'sales.delete': ({ id }, ctx) => {
    ctx.db.transaction(() => deleteSale(ctx.db, id, ctx.session.role(), nowIso(ctx.clock)))();
    ctx.markChanged('purchases', 'customer_changes');
    return { id };
  },
  'sales.get': ({ id }, ctx) => getSale(ctx.db, id),
  'products.list': ({ query, limit }, ctx) => listProducts(ctx.db, query, limit),
  'products.add': ({ name, category, priceMinor }, ctx) => {
    const product = ctx.db.transaction(
      () =>
        findProductByName(ctx.db, name) ??
        insertProduct(ctx.db, { name, category, priceMinor: priceMinor ?? null }, nowIso(ctx.clock)),
    )();
    ctx.markChanged('products');
    return product;
  },
};
