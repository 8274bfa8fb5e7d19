import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './durable';
import { BACKUP_REASONS, backupFileName, isBackupId, manifestFileName } from './paths';
import type { BackupManifest } from './types';

/** What a manifest must hold to be trusted at all; anything else is "no valid manifest". */
export const manifestSchema = z
  .object({
    id: z.string().refine(isBackupId, 'not a backup id'),
    createdAt: z.iso.datetime(),
    appVersion: z.string().min(1),
    reason: z.enum(BACKUP_REASONS as [BackupManifest['reason'], ...BackupManifest['reason'][]]),
    fileName: z.string(),
    sizeBytes: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    executedMigrations: z.array(z.string().min(1)),
    schemaVersion: z.string().nullable(),
    rowCounts: z.record(z.string(), z.number().int().nonnegative()),
    check: z.object({ kind: z.enum(['quick_check', 'integrity_check']), result: z.string() }),
    storeId: z.string().min(1).nullable().optional(),
    tenants: z.array(z.string()).optional(),
  })
  .refine((m) => m.fileName === backupFileName(m.id), { message: 'fileName does not match the id', path: ['fileName'] })
  .refine((m) => m.schemaVersion === (m.executedMigrations.at(-1) ?? null), {
    message: 'schemaVersion is not the last executed migration',
    path: ['schemaVersion'],
  });

export type ManifestRead = { ok: true; manifest: BackupManifest } | { ok: false; problem: string };

/** Reads and validates `<id>.json`; never throws for a bad file, it says what is wrong instead. */
export function readManifest(dir: string, id: string): ManifestRead {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, manifestFileName(id)), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === 'ENOENT' ? 'the manifest is missing (an incomplete backup)' : `the manifest cannot be read (${code})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the manifest is not valid JSON' };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: `the manifest is invalid (${issue?.path.join('.') || 'manifest'}: ${issue?.message ?? 'unknown'})` };
  }
  if (parsed.data.id !== id) return { ok: false, problem: `the manifest names another backup (${parsed.data.id})` };
  return { ok: true, manifest: parsed.data };
}

/** Written last, atomically: its presence is what makes a backup complete. */
export function writeManifest(dir: string, manifest: BackupManifest): void {
  const clean = manifestSchema.parse(manifest);
  writeFileAtomic(path.join(dir, manifestFileName(manifest.id)), `${JSON.stringify(clean, null, 2)}\n`);
}
