import { DERIVED_LIST_TABLES, DERIVED_TABLES, TABLE_NAMES } from '../../electron/db/catalogue';

/**
 * A deliberately small, strict reader of the data layer's SQL: enough to tell
 * whether every reference to a tenant table is pinned to the signed-in
 * tenant. It refuses what it cannot judge (OR anywhere), rather than guess.
 */

// The derived per-tenant counters and lists (migrations 0012, 0013) are tenant data too: every read must name its tenant.
const TENANT_TABLES = new Set<string>([...TABLE_NAMES, ...DERIVED_TABLES, ...DERIVED_LIST_TABLES]);
const NOT_AN_ALIAS = new Set([
  'where',
  'on',
  'join',
  'left',
  'inner',
  'cross',
  'set',
  'order',
  'group',
  'limit',
  'values',
  'using',
  'natural',
  'as',
  'select',
  'having',
]);

export interface TableRef {
  table: string;
  alias: string | null;
}

/** SQL with string literals blanked and whitespace collapsed, so keywords inside quotes never count. */
export function normalise(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function tableRefs(sql: string): TableRef[] {
  const refs: TableRef[] = [];
  const re = /\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi;
  for (const m of normalise(sql).matchAll(re)) {
    const table = m[1]!.toLowerCase();
    if (!TENANT_TABLES.has(table)) continue;
    const alias = m[2] && !NOT_AN_ALIAS.has(m[2].toLowerCase()) && !m[2].startsWith('(') ? m[2] : null;
    refs.push({ table, alias });
  }
  return refs;
}

/** The part of a statement where a constraint really filters: an UPDATE's SET clause does not. */
function filteringText(sql: string): string {
  const s = normalise(sql);
  if (!/^UPDATE\b/i.test(s)) return s;
  // Keep everything after the top-level WHERE (subqueries in SET have their own WHERE inside parentheses).
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /^WHERE\b/i.test(s.slice(i)) && /\s/.test(s[i - 1] ?? ' ')) return s.slice(i);
  }
  return '';
}

function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Why a statement does not constrain tenant_id for every tenant table it touches; empty when it does. */
export function tenantProblems(sql: string): string[] {
  const s = normalise(sql);
  const problems: string[] = [];
  if (/\bOR\b/i.test(s)) problems.push('uses OR, which can undo the tenant constraint');
  if (/^(INSERT|REPLACE)\b/i.test(s)) {
    const m = /^(?:INSERT|REPLACE)(?: OR \w+)? INTO (\w+) \(([^)]*)\) VALUES \((.*)\)$/i.exec(s);
    if (!m) return [...problems, 'INSERT must name its columns and give VALUES'];
    if (!TENANT_TABLES.has(m[1]!.toLowerCase())) return problems;
    const cols = splitTopLevel(m[2]!).map((c) => c.toLowerCase());
    const values = splitTopLevel(m[3]!);
    const at = cols.indexOf('tenant_id');
    if (at === -1) problems.push(`INSERT INTO ${m[1]} has no tenant_id column`);
    else if (values[at] !== '@tenantId') problems.push(`INSERT INTO ${m[1]} takes tenant_id from ${values[at]}, not from the context (@tenantId)`);
    return problems;
  }
  const refs = tableRefs(sql);
  const unaliased = refs.filter((r) => r.alias === null);
  refs.forEach((r, i) => {
    // An UPDATE's own table must be filtered after its WHERE; tables of subqueries wherever their subquery filters them.
    const where = i === 0 && /^UPDATE\b/i.test(s) ? filteringText(sql) : s;
    const qualifier = r.alias ?? r.table;
    const qualified = new RegExp(`\\b${qualifier}\\.tenant_id = @tenantId\\b`).test(where);
    // A bare tenant_id names the table only when it is the one unaliased table of the statement.
    const bare = r.alias === null && unaliased.length === 1 && /(?<![\w.])tenant_id = @tenantId\b/.test(where);
    if (!qualified && !bare) problems.push(`${r.table}${r.alias ? ` (as ${r.alias})` : ''} is not constrained by tenant_id = @tenantId`);
  });
  return problems;
}

/** Reads like a statement: a leading verb and a FROM, INTO or SET (so the word 'update' alone is not SQL). */
export const isSql = (text: string) => /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\s+\S/i.test(text) && /\b(FROM|INTO|SET)\b/i.test(text);
