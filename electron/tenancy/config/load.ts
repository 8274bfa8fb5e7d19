import fs from 'node:fs';
import path from 'node:path';
import { TenantConfigError } from '../errors';
import { TenantConfigSchema, type TenantConfig } from './schema';

/** Validates one parsed configuration; the error names the file and the first bad field. */
export function validateTenantConfig(file: string, raw: unknown): TenantConfig {
  const parsed = TenantConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TenantConfigError(file, fieldOf(issue), problemOf(issue));
  }
  const expected = `${parsed.data.id}.json`;
  if (path.basename(file) !== expected) {
    throw new TenantConfigError(file, 'id', `is '${parsed.data.id}' but the file is not named ${expected}`);
  }
  return parsed.data;
}

/** Reads and validates a configuration file from disk (a JSON syntax error also names the file). */
export function loadTenantConfigFile(file: string): TenantConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TenantConfigError(file, '(file)', `is not readable JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  return validateTenantConfig(file, raw);
}

/** Every *.json in a folder, validated; tenant ids must be distinct. */
export function loadTenantConfigDir(dir: string): TenantConfig[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((f) => loadTenantConfigFile(path.join(dir, f)));
}

type Issue = ReturnType<typeof TenantConfigSchema.safeParse>['error'] extends infer E ? (E extends { issues: (infer I)[] } ? I : never) : never;

function fieldOf(issue: Issue): string {
  const where = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') where.push(String(issue.keys[0]));
  return where.length > 0 ? where.join('.') : '(root)';
}

function problemOf(issue: Issue): string {
  if (issue.code === 'unrecognized_keys') return 'is not a known setting (remove it or check its spelling)';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  return issue.message.startsWith('must') ? issue.message : `is invalid: ${issue.message}`;
}
