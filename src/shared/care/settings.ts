import { z } from 'zod';

/** Customer-care settings of the shop, stored under one `shop_settings` key. */
export const careSettingsSchema = z.object({
  /** A complaint still open this many hours after it was received is overdue. */
  complaintResponseHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(48),
  /** A sale at or above this net total (minor units) creates a follow-up reminder. */
  largePurchaseMinor: z.number().int().min(0).default(50_000),
  /** How many days ahead Today lists birthdays and first-purchase anniversaries. */
  birthdayDaysAhead: z.number().int().min(0).max(60).default(7),
});
export type CareSettings = z.output<typeof careSettingsSchema>;

export const complaintStatuses = [
  'received',
  'cause_analysed',
  'in_progress',
  'resolved',
  'followed_up',
] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];
export const openComplaintStatuses: readonly ComplaintStatus[] = [
  'received',
  'cause_analysed',
  'in_progress',
];

export const complaintCauses = ['quality', 'communication', 'price', 'waiting', 'attitude', 'other'] as const;
export type ComplaintCause = (typeof complaintCauses)[number];

export const interactionChannels = [
  'face_to_face',
  'phone',
  'sms',
  'wechat',
  'email',
  'letter',
  'website',
] as const;
export type InteractionChannel = (typeof interactionChannels)[number];

export const reminderKinds = [
  'follow_up',
  'complaint_follow_up',
  'large_purchase',
  'birthday',
  'anniversary',
  'win_back',
  'other',
] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** The one step each status may move to: the textbook workflow has no skips and no way back. */
export const nextComplaintStatus: Readonly<Record<ComplaintStatus, ComplaintStatus | null>> = {
  received: 'cause_analysed',
  cause_analysed: 'in_progress',
  in_progress: 'resolved',
  resolved: 'followed_up',
  followed_up: null,
};
