import type { WritableDB } from '../../db/connection';
import type { z } from 'zod';
import { PatronError } from '../../../shared/errors';
import type { Purchase, purchaseInputSchema } from '../../../shared/contract/sales';
import {
  customerExists,
  findProductByName,
  insertProduct,
  insertPurchase,
  readPurchase,
  recordPurchaseChange,
  replacePurchase,
  softDeletePurchase,
  type PurchaseValues,
  type StoredPurchase,
} from './sales.repo';
import { insertReminder, readCareSettings } from '../care/care.repo';
import { encodeReminderTemplate } from '../../../shared/care/reminder-template';

type PurchaseArgs = Omit<z.output<typeof purchaseInputSchema>, 'customerId'>;

const LARGE_PURCHASE_FOLLOW_UP_DAYS = 2;

/**
 * Turns form input into stored values. A return (flag) stores negative lines and a negative
 * total so that summing totals gives net spend; a sale may still carry negative lines (an
 * exchange), which simply lower its total.
 */
export function purchaseValues(db: WritableDB, args: PurchaseArgs, now: string, at: string): PurchaseValues {
  if (args.lines.length === 0 && args.totalMinor === undefined)
    throw new PatronError('invalid_input', 'A sale needs a total or at least one line.');
  const lines = args.lines.map((line) => {
    const known = findProductByName(db, line.productName);
    const product =
      known ??
      insertProduct(db, { name: line.productName, category: line.category ?? '', priceMinor: null }, at);
    return {
      productId: product.id,
      productName: product.name,
      category: line.category ?? product.category,
      quantity: line.quantity,
      amountMinor: args.isReturn ? -Math.abs(line.amountMinor) : line.amountMinor,
    };
  });
  const linesSum = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  let total: number;
  if (args.isReturn) {
    const refund =
      args.totalMinor !== undefined ? Math.abs(args.totalMinor) : Math.abs(linesSum) - args.discountMinor;
    total = -Math.max(0, refund);
  } else {
    total = args.totalMinor ?? linesSum - args.discountMinor;
  }
  return {
    purchasedAt: args.purchasedAt ? new Date(args.purchasedAt).toISOString() : now,
    totalMinor: total,
    discountMinor: args.discountMinor,
    isReturn: args.isReturn,
    paymentMethod: args.paymentMethod ?? null,
    channel: args.channel ?? null,
    staff: args.staff ?? null,
    note: args.note ?? null,
    lines,
  };
}

function publicPurchase(p: StoredPurchase): Purchase {
  const { deletedAt: _deletedAt, ...rest } = p;
  return rest;
}

function requireLivePurchase(db: WritableDB, id: string): StoredPurchase {
  const existing = readPurchase(db, id);
  if (!existing || existing.deletedAt !== null)
    throw new PatronError('not_found', 'No such purchase.', { id });
  return existing;
}

export function recordSale(db: WritableDB, customerId: string, args: PurchaseArgs, at: string): Purchase {
  if (!customerExists(db, customerId))
    throw new PatronError('not_found', 'No such customer.', { customerId });
  const values = purchaseValues(db, args, at, at);
  const id = insertPurchase(db, customerId, values, at);
  const { largePurchaseMinor } = readCareSettings(db);
  if (!values.isReturn && largePurchaseMinor > 0 && values.totalMinor >= largePurchaseMinor) {
    insertReminder(
      db,
      {
        customerId,
        kind: 'large_purchase',
        dueAt: new Date(Date.parse(at) + LARGE_PURCHASE_FOLLOW_UP_DAYS * 86_400_000).toISOString(),
        title: encodeReminderTemplate({ type: 'large_purchase', params: { amountMinor: values.totalMinor } }),
        note: null,
        sourceId: id,
      },
      at,
    );
  }
  return publicPurchase(requireLivePurchase(db, id));
}

export function updateSale(
  db: WritableDB,
  id: string,
  args: PurchaseArgs,
  actorRole: string,
  at: string,
): Purchase {
  const before = requireLivePurchase(db, id);
  const values = purchaseValues(db, args, before.purchasedAt, at);
  replacePurchase(db, id, values, at);
  const after = publicPurchase(requireLivePurchase(db, id));
  recordPurchaseChange(
    db,
    { customerId: before.customerId, purchaseId: id, actorRole, before: publicPurchase(before), after },
    at,
  );
  return after;
}

export function deleteSale(db: WritableDB, id: string, actorRole: string, at: string): void {
  const before = requireLivePurchase(db, id);
  softDeletePurchase(db, id, at);
  recordPurchaseChange(
    db,
    { customerId: before.customerId, purchaseId: id, actorRole, before: publicPurchase(before), after: null },
    at,
  );
}

export function getSale(db: WritableDB, id: string): Purchase {
  return publicPurchase(requireLivePurchase(db, id));
}
