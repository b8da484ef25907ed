import { z } from 'zod';
import { command } from './define';

export interface AuditEntryView {
  readonly id: string;
  readonly at: string;
  readonly actorRole: string;
  readonly action: string;
  readonly entity: string | null;
  readonly entityId: string | null;
  /** Filters, counts, formats — never names or phone numbers. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditPage {
  readonly entries: readonly AuditEntryView[];
  /** Pass as `before` for the next (older) page; null at the end. */
  readonly nextBefore: string | null;
}

export interface ExportedFile {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
  readonly rowCount: number;
}

export const auditFormats = ['csv', 'json'] as const;
export type AuditFormat = (typeof auditFormats)[number];

export const auditCommands = {
  /** The audit trail, newest first, a page at a time. */
  'audit.list': command<AuditPage>()({
    input: z.object({
      limit: z.number().int().min(1).max(500).default(100),
      before: z.string().max(40).optional(),
      action: z.string().max(60).optional(),
    }),
    mutates: false,
    role: 'owner',
  }),
  /** The whole audit trail as a file; the export itself is audited. */
  'audit.export': command<ExportedFile>()({
    input: z.object({ format: z.enum(auditFormats).default('csv') }),
    mutates: true,
    role: 'owner',
  }),
};
