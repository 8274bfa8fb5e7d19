import { TenantSchemaError } from './errors';
import { TENANT_COLUMN, TENANT_COLUMN_WITH_CHECK_SQL } from './sql';

/**
 * Rewrites a stored CREATE TABLE statement for the per-tenant schema, text in,
 * text out, so every column type, default, CHECK, REFERENCES clause and table
 * constraint of the original survives byte for byte. Only three things change:
 * the UNIQUE keyword goes from each business-key column, a tenant_id column is
 * added, and UNIQUE (tenant_id, key) table constraints are appended.
 */

type TokenKind = 'word' | 'string' | 'quoted' | 'space' | 'comment' | 'open' | 'close' | 'comma' | 'other';

interface Token {
  kind: TokenKind;
  text: string;
}

/** SQLite's lexical classes, just enough to find top-level parentheses, commas and keywords. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const take = (kind: TokenKind, end: number) => {
    out.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  const closing = (open: string, close: string, from: number): number => {
    // Quotes are escaped by doubling them ('' or ""), brackets cannot be escaped.
    let j = from + 1;
    for (;;) {
      const k = sql.indexOf(close, j);
      if (k < 0) throw new Error(`unterminated ${open}`);
      if (close !== ']' && sql[k + 1] === close) {
        j = k + 2;
        continue;
      }
      return k + 1;
    }
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) take('space', i + (/^\s+/.exec(sql.slice(i)) as RegExpExecArray)[0].length);
    else if (c === '-' && sql[i + 1] === '-') take('comment', sql.includes('\n', i) ? sql.indexOf('\n', i) : sql.length);
    else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment');
      take('comment', end + 2);
    } else if (c === "'") take('string', closing("'", "'", i));
    else if (c === '"' || c === '`') take('quoted', closing(c, c, i));
    else if (c === '[') take('quoted', closing('[', ']', i));
    else if (c === '(') take('open', i + 1);
    else if (c === ')') take('close', i + 1);
    else if (c === ',') take('comma', i + 1);
    else if (/[A-Za-z0-9_$\u0080-\uffff]/.test(c)) take('word', i + (/^[A-Za-z0-9_$\u0080-\uffff]+/.exec(sql.slice(i)) as RegExpExecArray)[0].length);
    else take('other', i + 1);
  }
  return out;
}

/** An identifier as SQLite compares it: unquoted, case-insensitive. */
export function identifierName(token: Token): string {
  const t = token.text;
  if (token.kind === 'quoted') {
    const q = t[0] === '[' ? ']' : (t[0] as string);
    return t
      .slice(1, -1)
      .split(q + q)
      .join(q)
      .toLowerCase();
  }
  return t.toLowerCase();
}

const significant = (t: Token) => t.kind !== 'space' && t.kind !== 'comment';
const isWord = (t: Token | undefined, word: string) => t?.kind === 'word' && t.text.toUpperCase() === word;
const TABLE_CONSTRAINT_STARTS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

export interface CreateTableParts {
  /** Everything before the table name: CREATE [TEMP] TABLE [IF NOT EXISTS]. */
  head: string;
  name: string;
  /** The column definitions and table constraints, each with its surrounding whitespace. */
  elements: Token[][];
  /** Everything after the closing parenthesis (WITHOUT ROWID, STRICT). */
  tail: string;
}

/** Splits a CREATE TABLE statement at its top-level commas (parentheses, quotes and comments respected). */
export function parseCreateTable(sql: string, table: string): CreateTableParts {
  const fail = (reason: string) => new TenantSchemaError(table, 'read the CREATE TABLE statement of', reason);
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (err) {
    throw fail((err as Error).message);
  }
  const open = tokens.findIndex((t) => t.kind === 'open');
  const headSig = tokens.slice(0, Math.max(open, 0)).filter(significant);
  const nameToken = headSig.at(-1);
  if (open < 0 || !isWord(headSig[0], 'CREATE') || !headSig.some((t) => isWord(t, 'TABLE')) || !nameToken) {
    throw fail('it is not a CREATE TABLE statement with a column list');
  }
  if (identifierName(nameToken) !== table.toLowerCase() || headSig.at(-2)?.text === '.') {
    throw fail(`it names table ${nameToken.text}`);
  }
  const nameIndex = tokens.lastIndexOf(nameToken, open);
  let depth = 0;
  let close = -1;
  const elements: Token[][] = [[]];
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'open') depth++;
    if (t.kind === 'close') {
      if (depth === 0) {
        close = i;
        break;
      }
      depth--;
    }
    if (t.kind === 'comma' && depth === 0) elements.push([]);
    else (elements.at(-1) as Token[]).push(t);
  }
  if (close < 0) throw fail('its column list is not closed');
  return {
    head: tokens
      .slice(0, nameIndex)
      .map((t) => t.text)
      .join(''),
    name: nameToken.text,
    elements,
    tail: tokens
      .slice(close + 1)
      .map((t) => t.text)
      .join(''),
  };
}

function isColumnDefinition(element: Token[]): boolean {
  const first = element.find(significant);
  return first !== undefined && !(first.kind === 'word' && TABLE_CONSTRAINT_STARTS.has(first.text.toUpperCase()));
}

function columnName(element: Token[]): string {
  return identifierName(element.find(significant) as Token);
}

/** Removes the column-level UNIQUE (and its CONSTRAINT name, if any) from one column definition. */
function dropInlineUnique(element: Token[], table: string, column: string): Token[] {
  let depth = 0;
  const sig: number[] = [];
  element.forEach((t, i) => {
    if (t.kind === 'open') depth++;
    if (t.kind === 'close') depth--;
    if (depth === 0 && significant(t)) sig.push(i);
  });
  const at = sig.findIndex((i) => isWord(element[i], 'UNIQUE'));
  if (at < 0) return element;
  if (isWord(element[sig[at + 1] ?? -1], 'ON')) {
    throw new TenantSchemaError(table, 'rebuild', `${column} declares UNIQUE ON CONFLICT, which the per-tenant key would silently change`);
  }
  let from = sig[at] as number;
  if (at >= 2 && isWord(element[sig[at - 2] as number], 'CONSTRAINT')) from = sig[at - 2] as number;
  const to = sig[at] as number;
  // Take the whitespace before the removed words with them, so the text stays tidy.
  const start = element[from - 1]?.kind === 'space' ? from - 1 : from;
  return [...element.slice(0, start), ...element.slice(to + 1)];
}

/** A table constraint that is exactly UNIQUE (column): the other way v1 could have declared a business key. */
function isSingleColumnUnique(element: Token[], column: string): boolean {
  const sig = element.filter(significant);
  return sig.length === 4 && isWord(sig[0], 'UNIQUE') && sig[1]?.kind === 'open' && sig[3]?.kind === 'close' && identifierName(sig[2] as Token) === column;
}

export interface TenantRewriteOptions {
  table: string;
  /** Columns whose UNIQUE becomes UNIQUE (tenant_id, column). */
  businessKeys: readonly string[];
  /** Name of the new table in the statement (the rebuild creates <table>__new, then renames it). */
  newName: string;
}

/** The per-tenant CREATE TABLE statement for one of the rebuilt tables. */
export function rewriteCreateTableForTenant(sql: string, options: TenantRewriteOptions): string {
  const { table, businessKeys, newName } = options;
  const parts = parseCreateTable(sql, table);
  let elements = parts.elements;
  const columns = elements.filter(isColumnDefinition).map(columnName);
  if (columns.includes(TENANT_COLUMN)) throw new TenantSchemaError(table, 'rebuild', 'it already has a tenant_id column');

  for (const key of businessKeys) {
    const column = key.toLowerCase();
    if (!columns.includes(column)) throw new TenantSchemaError(table, 'rebuild', `it has no column ${key}`);
    let changed = false;
    elements = elements.flatMap((el) => {
      if (isColumnDefinition(el) && columnName(el) === column) {
        const without = dropInlineUnique(el, table, key);
        changed ||= without !== el;
        return [without];
      }
      if (isSingleColumnUnique(el, column)) {
        changed = true;
        return [];
      }
      return [el];
    });
    if (!changed) throw new TenantSchemaError(table, 'rebuild', `column ${key} is not declared UNIQUE`);
  }

  const text = (el: Token[]) => el.map((t) => t.text).join('');
  const lastColumn = elements.map(isColumnDefinition).lastIndexOf(true);
  const indent = /^\s*/.exec(text(elements[0] ?? []))?.[0] || ' ';
  const body = elements.map(text);
  // The closing whitespace (newline before ')') belongs after the new constraints, not inside them.
  const last = body.length - 1;
  const trailing = /\s*$/.exec(body[last] ?? '')?.[0] ?? '';
  body[last] = (body[last] ?? '').slice(0, (body[last] ?? '').length - trailing.length);
  body.splice(lastColumn + 1, 0, `${indent}${TENANT_COLUMN_WITH_CHECK_SQL}`);
  for (const key of businessKeys) body.push(`${indent}UNIQUE (${TENANT_COLUMN}, ${key})`);
  return `${parts.head}${newName} (${body.join(',')}${trailing})${parts.tail}`;
}
