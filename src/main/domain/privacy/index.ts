/** What other domains use: campaign exports filter by consent, restores re-apply erasures, screens mask phones. */
export { consentingCustomerIds } from './consent.repo';
export { reapplyErasures, readErasureLedger, type ErasureLedgerEntry, ERASED_CUSTOMER_NAME } from './erasure';
export { masksPhones, phoneForRole, phoneMaskFor, readPrivacySettings } from './privacy-settings';
