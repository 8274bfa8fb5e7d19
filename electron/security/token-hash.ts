import crypto from 'node:crypto';

/**
 * Session tokens are kept at rest as their sha256 (migration 0006): the store
 * file, and so every backup of it, holds nothing a page or a copy could sign in
 * with. The token itself exists only in the main process's memory.
 */
export const hashToken = (token: string): string => crypto.createHash('sha256').update(token, 'utf8').digest('hex');
