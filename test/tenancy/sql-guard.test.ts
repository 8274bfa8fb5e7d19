import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DATA_LAYER_SQL } from '../../electron/tenancy/repositories';
import { isSql, tableRefs, tenantProblems } from './sql-analysis';

/** The data layer: everything that runs tenant-scoped SQL (demo-tenant.ts is the withoutTenant tool, checked by the context test). */
const DATA_LAYER_DIRS = ['electron/tenancy'];
const EXEMPT = new Set(['electron/tenancy/demo-tenant.ts']);

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name).split(path.sep).join('/');
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !EXEMPT.has(p)) out.push(p);
    }
  };
  DATA_LAYER_DIRS.forEach(walk);
  return out;
}

interface Literal {
  file: string;
  text: string;
  inSqlConstant: boolean;
  hasSubstitutions: boolean;
}

/** Every string or template literal that reads like SQL, and whether it sits in an `SQL = { ... }` constant. */
function sqlLiterals(file: string): Literal[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: Literal[] = [];
  const inSqlConstant = (node: ts.Node): boolean => {
    let p: ts.Node | undefined = node.parent;
    if (!p || !ts.isPropertyAssignment(p)) return false;
    while (p && !ts.isVariableDeclaration(p)) p = p.parent;
    return !!p && ts.isVariableDeclaration(p) && p.name.getText() === 'SQL';
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (isSql(node.text)) found.push({ file, text: node.text, inSqlConstant: inSqlConstant(node), hasSubstitutions: false });
    } else if (ts.isTemplateExpression(node)) {
      if (isSql(node.head.text)) found.push({ file, text: node.getText(), inSqlConstant: inSqlConstant(node), hasSubstitutions: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('SQL guard: every data-layer statement touching a tenant table is pinned to the signed-in tenant', () => {
  it.each(DATA_LAYER_SQL.map((s) => [`${s.file}.${s.name}`, s.sql] as const))('%s', (_name, sql) => {
    expect(tenantProblems(sql)).toEqual([]);
    expect(tableRefs(sql).length, 'names at least one tenant table').toBeGreaterThan(0);
  });

  it('the registry is complete: every SQL literal of the data layer is a plain constant in an SQL object, and registered', () => {
    const literals = sourceFiles().flatMap(sqlLiterals);
    const stray = literals.filter((l) => !l.inSqlConstant || l.hasSubstitutions).map((l) => `${l.file}: ${l.text.slice(0, 60)}`);
    expect(stray).toEqual([]);
    const registered = new Set(DATA_LAYER_SQL.map((s) => s.sql));
    expect(literals.filter((l) => !registered.has(l.text)).map((l) => `${l.file}: ${l.text.slice(0, 60)}`)).toEqual([]);
    expect(literals.length).toBe(DATA_LAYER_SQL.length);
  });

  it('only the scoped accessor prepares statements; nothing else in the data layer talks to SQLite directly', () => {
    const direct = sourceFiles().filter((f) => f !== 'electron/tenancy/repositories/scoped.ts' && /\.(prepare|exec|pragma)\(/.test(fs.readFileSync(f, 'utf8')));
    expect(direct).toEqual([]);
  });

  // The guard must be able to fail: statements that leak, each caught.
  it.each([
    ['no tenant filter at all', 'SELECT * FROM products WHERE sku = @sku'],
    ['a count over every tenant', 'SELECT count(*) AS n FROM customers'],
    ['a joined table left open', 'SELECT p.*, i.quantity_on_hand FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.tenant_id = @tenantId'],
    ['an open subquery', 'SELECT * FROM products p WHERE p.tenant_id = @tenantId AND p.id IN (SELECT product_id FROM fitment_data WHERE make = @make)'],
    ['tenant_id set, not filtered', 'UPDATE products SET tenant_id = @tenantId WHERE id = @id'],
    ['a delete by id alone', 'DELETE FROM work_order_lines WHERE id = @id'],
    ['an OR that undoes the filter', 'SELECT * FROM products WHERE tenant_id = @tenantId OR 1 = 1'],
    ['tenant_id compared with something else', "SELECT * FROM gift_cards WHERE tenant_id = 'caps-automotive' AND code = @code"],
    ['an insert without tenant_id', 'INSERT INTO audit_log (id, action) VALUES (@id, @action)'],
    ['an insert with a hard-coded tenant', "INSERT INTO audit_log (id, tenant_id, action) VALUES (@id, 'caps-automotive', @action)"],
    ['an insert taking the tenant from a parameter', 'INSERT INTO audit_log (id, tenant_id, action) VALUES (@id, @tenant, @action)'],
    [
      'two unaliased tables, one bare constraint',
      'UPDATE work_orders SET total_cents = (SELECT sum(quantity) FROM work_order_lines WHERE work_order_id = @id) WHERE tenant_id = @tenantId',
    ],
  ])('catches %s', (_what, sql) => {
    expect(tenantProblems(sql).length).toBeGreaterThan(0);
  });
});
