import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { TableName } from '../../electron/db/catalogue';
import { DATA_LAYER_SQL } from '../../electron/tenancy/repositories';
import { rowColumns } from '../../electron/tenancy/repositories/columns';
import { isSql, tableRefs, tenantProblems } from './sql-analysis';

/** The data layer: everything that runs tenant-scoped SQL. */
const DATA_LAYER_DIRS = ['electron/tenancy'];
const EXEMPT = new Set<string>();

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
  /** The statement as it runs: fragments substituted. */
  text: string;
  inSqlConstant: boolean;
  /** Built from something other than the file's own constant SQL fragments (a parameter, a call, a variable). */
  dynamic: boolean;
}

/**
 * A column list of the data layer, `rowColumns('products', 'p')` (repositories/columns.ts), with literal
 * arguments only: as fixed as a literal, so it is expanded (by the function itself) and the statement analysed
 * as it runs. A call with any other argument, or of any other function, is not (null: the literal is dynamic).
 */
function columnList(node: ts.Node): string | null {
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'rowColumns') return null;
  const args = node.arguments;
  if (args.length < 1 || args.length > 2 || !args.every((a) => ts.isStringLiteral(a))) return null;
  const [table, alias] = args.map((a) => (a as ts.StringLiteral).text);
  return rowColumns(table as TableName, alias);
}

/**
 * Every string or template literal that reads like SQL, and whether it sits in an `SQL = { ... }` constant.
 * A statement may be composed from the file's module-level constant fragments (`const PRODUCT = \`SELECT ...\``,
 * `const COLUMNS = rowColumns('products')`), which are themselves plain literals, column lists (columnList) or
 * compositions of fragments: the result is as fixed as a literal, and it is what gets registered and analysed.
 * Any other substitution makes the literal dynamic (refused).
 */
function sqlLiterals(file: string): Literal[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const fragments = new Map<string, ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression | ts.CallExpression>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of statement.declarationList.declarations) {
      const init = d.initializer;
      if (
        ts.isIdentifier(d.name) &&
        d.name.text !== 'SQL' &&
        init &&
        (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init) || ts.isTemplateExpression(init) || ts.isCallExpression(init))
      )
        fragments.set(d.name.text, init);
    }
  }
  // Only constants some template substitutes count as fragments (a constant like a dummy hash is just a value).
  const substituted = new Set<string>();
  const collect = (node: ts.Node) => {
    if (ts.isTemplateSpan(node) && ts.isIdentifier(node.expression)) substituted.add(node.expression.text);
    ts.forEachChild(node, collect);
  };
  collect(source);
  for (const name of [...fragments.keys()]) if (!substituted.has(name)) fragments.delete(name);
  const fragmentNodes = new Set<ts.Node>(fragments.values());
  /** The literal's text with fragments substituted, or null when a substitution is not a fragment. */
  const evaluate = (node: ts.Node, depth = 0): string | null => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isCallExpression(node)) return columnList(node);
    if (!ts.isTemplateExpression(node) || depth > 10) return null;
    let out = node.head.text;
    for (const span of node.templateSpans) {
      const fragment = ts.isIdentifier(span.expression) ? fragments.get(span.expression.text) : span.expression;
      const text = fragment ? evaluate(fragment, depth + 1) : null;
      if (text === null) return null;
      out += text + span.literal.text;
    }
    return out;
  };
  const found: Literal[] = [];
  const inSqlConstant = (node: ts.Node): boolean => {
    let p: ts.Node | undefined = node.parent;
    if (!p || !ts.isPropertyAssignment(p)) return false;
    while (p && !ts.isVariableDeclaration(p)) p = p.parent;
    return !!p && ts.isVariableDeclaration(p) && p.name.getText() === 'SQL';
  };
  const visit = (node: ts.Node) => {
    if (fragmentNodes.has(node)) {
      // A fragment is not run by itself; it must be fixed text, checked here, and counts where it is used.
      if (evaluate(node) === null) found.push({ file, text: node.getText(), inSqlConstant: false, dynamic: true });
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const text = evaluate(node);
      // A dynamic template is judged by its own text around the substitutions (it may begin with one).
      const head = ts.isTemplateExpression(node) ? (text ?? [node.head.text, ...node.templateSpans.map((t) => t.literal.text)].join(' ')) : node.text;
      if (isSql(head)) found.push({ file, text: text ?? node.getText(), inSqlConstant: inSqlConstant(node), dynamic: text === null });
      if (ts.isTemplateExpression(node)) return;
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
    const stray = literals.filter((l) => !l.inSqlConstant || l.dynamic).map((l) => `${l.file}: ${l.text.slice(0, 60)}`);
    expect(stray).toEqual([]);
    const registered = new Set(DATA_LAYER_SQL.map((s) => s.sql));
    expect(literals.filter((l) => !registered.has(l.text)).map((l) => `${l.file}: ${l.text.slice(0, 60)}`)).toEqual([]);
    expect(literals.length).toBe(DATA_LAYER_SQL.length);
  });

  it("the registry check itself refuses a statement built from anything but the file's constant fragments", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-sql-guard-'));
    const file = path.join(dir, 'probe.ts');
    fs.writeFileSync(
      file,
      [
        'const COLUMNS = `SELECT p.*`;',
        "const CATEGORY = rowColumns('product_categories');",
        'const BUILT = rowColumns(table);',
        'export const SQL = {',
        '  fixed: `${COLUMNS} FROM products p WHERE p.tenant_id = @tenantId`,',
        '  built: `SELECT * FROM products WHERE tenant_id = @tenantId AND sku = ${sku}`,',
        "  listed: `SELECT ${rowColumns('products', 'p')} FROM products p WHERE p.tenant_id = @tenantId`,",
        '  listedConst: `SELECT ${CATEGORY} FROM product_categories WHERE tenant_id = @tenantId`,',
        '  listedBuilt: `SELECT ${BUILT} FROM products WHERE tenant_id = @tenantId`,',
        "  otherCall: `SELECT ${columnsOf('products')} FROM products WHERE tenant_id = @tenantId`,",
        '};',
      ].join('\n'),
    );
    try {
      const found = sqlLiterals(file);
      expect(found.find((l) => l.text.startsWith('SELECT p.* FROM products'))).toMatchObject({ inSqlConstant: true, dynamic: false });
      expect(found.find((l) => l.text.includes('${sku}'))).toMatchObject({ inSqlConstant: true, dynamic: true });
      // A column list with literal arguments is expanded to the text that runs; anything else is dynamic.
      expect(found.find((l) => l.text.startsWith('SELECT p.id, p.sku, '))).toMatchObject({ inSqlConstant: true, dynamic: false });
      expect(found.find((l) => l.text.startsWith('SELECT id, name, parent_id, sort_order FROM'))).toMatchObject({ inSqlConstant: true, dynamic: false });
      expect(found.find((l) => l.text.includes('${BUILT}'))).toMatchObject({ inSqlConstant: true, dynamic: true });
      expect(found.find((l) => l.text.includes('columnsOf'))).toMatchObject({ inSqlConstant: true, dynamic: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
