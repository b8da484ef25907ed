/**
 * A deliberately small logger: messages are written by our own code and must
 * never carry customer names, phones or free text (PIPL/GDPR). The Electron
 * shell may redirect it to electron-log.
 */
export interface Logger {
  info(message: string, detail?: string): void;
  warn(message: string, detail?: string): void;
  error(message: string, detail?: string): void;
}

const quiet = (): boolean => process.env.PATRON_LOG === 'silent';

export const logger: Logger = {
  info: (message, detail) => {
    if (!quiet()) console.log(`[patron] ${message}${detail ? ` ${detail}` : ''}`);
  },
  warn: (message, detail) => {
    if (!quiet()) console.warn(`[patron] ${message}${detail ? ` ${detail}` : ''}`);
  },
  error: (message, detail) => {
    if (!quiet()) console.error(`[patron] ${message}${detail ? `\n${detail}` : ''}`);
  },
};
