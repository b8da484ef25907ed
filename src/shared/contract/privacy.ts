import { z } from 'zod';
import { command } from './define';
import type { ExportedFile } from './audit';

export const consentChannels = ['sms', 'wechat', 'email', 'phone'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

export interface ConsentRecord {
  readonly channel: ConsentChannel;
  readonly granted: boolean;
  readonly recordedAt: string;
  readonly source: string | null;
}

export interface CustomerConsents {
  /** Latest record per channel; channels never asked are absent. */
  readonly current: readonly ConsentRecord[];
  /** Every record, newest first: the proof trail. */
  readonly history: readonly ConsentRecord[];
}

export interface PrivacySettings {
  /** Staff see only the last 4 digits of phone numbers. */
  readonly maskPhonesForStaff: boolean;
  /** Propose erasing customers with no activity for this many years (null: never). */
  readonly retentionYears: number | null;
}

export interface PersonExport {
  readonly json: ExportedFile;
  readonly html: ExportedFile;
}

export interface ErasureResult {
  readonly customerId: string;
  readonly erasedAt: string;
  /** Rows whose free text was cleared, per table. */
  readonly clearedRows: Readonly<Record<string, number>>;
  /** Whether the WAL checkpoint could truncate the log (false: a reader held it; retried later). */
  readonly checkpointed: boolean;
}

export interface RetentionCandidate {
  readonly customerId: string;
  readonly name: string;
  readonly lastActivityAt: string;
}

export const privacySettingsSchema = z.object({
  maskPhonesForStaff: z.boolean(),
  retentionYears: z.number().int().min(1).max(30).nullable(),
});

const customerIdSchema = z.string().min(1).max(64);

export const privacyCommands = {
  /** Marketing consent of one customer per channel, with its history. */
  'privacy.consents': command<CustomerConsents>()({
    input: z.object({ customerId: customerIdSchema }),
    mutates: false,
    role: 'staff',
  }),
  /** Records a consent given or withdrawn, with its date and source (insert-only; latest wins). */
  'privacy.setConsent': command<CustomerConsents>()({
    input: z.object({
      customerId: customerIdSchema,
      channel: z.enum(consentChannels),
      granted: z.boolean(),
      /** When the customer said so (defaults to now). */
      recordedAt: z.iso.datetime().optional(),
      /** How it was given: "paper form", "WeChat mini-program", … */
      source: z.string().trim().max(200).optional(),
    }),
    mutates: true,
    role: 'staff',
  }),
  /** Phone masking for staff and the retention period. */
  'privacy.settings': command<PrivacySettings>()({ input: z.object({}), mutates: false, role: 'staff' }),
  /** Changes the privacy settings. Audited. */
  'privacy.updateSettings': command<PrivacySettings>()({
    input: privacySettingsSchema.partial(),
    mutates: true,
    role: 'owner',
  }),
  /** Everything held about one person, as JSON and a printable HTML page. Audited. */
  'privacy.exportPerson': command<PersonExport>()({
    input: z.object({ customerId: customerIdSchema }),
    mutates: true,
    role: 'owner',
  }),
  /**
   * Erases one person: personal fields and free text removed, purchase amounts kept anonymously,
   * recorded in the erasure ledger so restoring an older backup re-applies it. Audited; irreversible.
   */
  'privacy.erase': command<ErasureResult>()({
    input: z.object({ customerId: customerIdSchema }),
    mutates: true,
    role: 'owner',
  }),
  /** Customers with no purchase or interaction for the retention period (or `years`). */
  'privacy.retentionCandidates': command<readonly RetentionCandidate[]>()({
    input: z.object({
      years: z.number().int().min(1).max(30).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    mutates: false,
    role: 'owner',
  }),
};
