import { z } from 'zod';
import { command } from './define';

const isoInstant = z.iso.datetime({ offset: true });

export const purchaseLineInputSchema = z.object({
  productName: z.string().trim().min(1).max(120),
  category: z.string().trim().max(60).optional(),
  quantity: z.number().positive().max(100_000).default(1),
  /** Line amount in minor units; negative on a returned line. */
  amountMinor: z.number().int(),
});

export const purchaseInputSchema = z.object({
  customerId: z.string().min(1),
  /** Defaults to now. */
  purchasedAt: isoInstant.optional(),
  /** Net total in minor units. Omitted: the sum of the lines minus the discount. */
  totalMinor: z.number().int().optional(),
  discountMinor: z.number().int().min(0).default(0),
  isReturn: z.boolean().default(false),
  paymentMethod: z.string().trim().max(40).optional(),
  channel: z.string().trim().max(40).optional(),
  staff: z.string().trim().max(60).optional(),
  note: z.string().trim().max(500).optional(),
  lines: z.array(purchaseLineInputSchema).max(200).default([]),
});
export type PurchaseInput = z.input<typeof purchaseInputSchema>;

export interface PurchaseLine {
  readonly productName: string;
  readonly category: string;
  readonly quantity: number;
  readonly amountMinor: number;
}

export interface Purchase {
  readonly id: string;
  readonly customerId: string;
  readonly purchasedAt: string;
  readonly totalMinor: number;
  readonly discountMinor: number;
  readonly isReturn: boolean;
  readonly paymentMethod: string | null;
  readonly channel: string | null;
  readonly staff: string | null;
  readonly note: string | null;
  readonly lines: readonly PurchaseLine[];
}

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly priceMinor: number | null;
}

export const salesCommands = {
  /**
   * Records a sale (or a return: `isReturn` or negative lines) for a customer. The stored total is
   * net and negative for a return, so summing totals gives net spend. A sale at or above the
   * "large purchase" threshold adds a follow-up reminder. Unknown product names are added to the list.
   */
  'sales.record': command<Purchase>()({ input: purchaseInputSchema, mutates: true, role: 'staff' }),
  /** Replaces a purchase's values; the old values are kept as a change row on the customer's history. */
  'sales.update': command<Purchase>()({
    input: purchaseInputSchema.omit({ customerId: true }).extend({ id: z.string().min(1) }),
    mutates: true,
    role: 'staff',
  }),
  /** Soft-deletes a purchase (deleted_at) and keeps its values in the history. Owner only. */
  'sales.delete': command<{ id: string }>()({
    input: z.object({ id: z.string().min(1) }),
    mutates: true,
    role: 'owner',
  }),
  /** One purchase with its lines. */
  'sales.get': command<Purchase>()({
    input: z.object({ id: z.string().min(1) }),
    mutates: false,
    role: 'staff',
  }),
  /** The product list for the sale form, optionally filtered by a name prefix/substring. */
  'products.list': command<Product[]>()({
    input: z.object({
      query: z.string().max(60).default(''),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    mutates: false,
    role: 'staff',
  }),
  /** Quick-adds a product from the sale form; returns the existing one when the name is taken. */
  'products.add': command<Product>()({
    input: z.object({
      name: z.string().trim().min(1).max(120),
      category: z.string().trim().max(60).default(''),
      priceMinor: z.number().int().min(0).optional(),
    }),
    mutates: true,
    role: 'staff',
  }),
};
