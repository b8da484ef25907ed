import type { Migration } from './types';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-customer-search';
import { migration0003 } from './0003-analysis-snapshot-columns';
import { migration0004 } from './0004-analysis-reason-shapes';
import { migration0005 } from './0005-loyalty-aggregates';
import { migration0006 } from './0006-purchase-baskets';
import { migration0007 } from './0007-drop-purchases-customer-index';
import { migration0008 } from './0008-lean-analysis-snapshot';
import { migration0009 } from './0009-purchase-basket-ids';
import { migration0010 } from './0010-analysis-snapshot-own-file';

/** Every migration, in order. A new one is appended here and gets its own test. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
];

export const latestSchemaVersion = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
