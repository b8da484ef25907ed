import { z } from 'zod';

/**
 * Reminders Patron schedules itself are stored as a type and its parameters, not as a sentence:
 * the sentence is written when shown, in the reader's language (an English title stored at
 * sale time would stay English for a Chinese user forever). The reminders table has no params
 * column and this task adds no migration, so the template is kept as tagged JSON in the `title`
 * column; rows written before (a plain title) still read as they are.
 */
export const reminderTemplateSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('large_purchase'),
    /** The sale's net total in the shop's currency (minor units). */
    params: z.object({ amountMinor: z.number().int() }),
  }),
  z.object({ type: z.literal('complaint_follow_up'), params: z.object({}) }),
]);
export type ReminderTemplate = z.output<typeof reminderTemplateSchema>;

/** The marker key that tells a stored template from a title someone typed. */
const MARKER = 'reminderTemplate';

export function encodeReminderTemplate(template: ReminderTemplate): string {
  return JSON.stringify({ [MARKER]: template });
}

/** The template a stored title holds, or null for a plain (typed or pre-template) title. */
export function decodeReminderTemplate(stored: string): ReminderTemplate | null {
  if (!stored.startsWith(`{"${MARKER}"`)) return null;
  try {
    const parsed: unknown = JSON.parse(stored);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const result = reminderTemplateSchema.safeParse((parsed as Record<string, unknown>)[MARKER]);
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
