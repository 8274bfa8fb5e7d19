import { TABLE_NAMES } from '../../electron/db/catalogue';

/** How many tables the upgrade migrates (32), from the catalogue rather than a literal. */
export const TABLE_COUNT = TABLE_NAMES.length;
