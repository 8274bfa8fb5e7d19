import type { Fitment, ProductCategory, ProductSummary, VehicleOption } from '../models';
import type { RepoDeps } from './deps';
import { scoped } from './scoped';
import { rowColumns } from './columns';

/** A product with its category and stock; every joined table is held to the same tenant. */
const PRODUCT_COLUMNS = `SELECT ${rowColumns('products', 'p')}, c.name AS category_name, i.quantity_on_hand, i.bin_location`;
const WITH_CATEGORY_AND_STOCK = `LEFT JOIN product_categories c ON c.tenant_id = @tenantId AND c.id = p.category_id
    LEFT JOIN inventory i ON i.tenant_id = @tenantId AND i.product_id = p.id`;
const PRODUCT = `${PRODUCT_COLUMNS} FROM products p ${WITH_CATEGORY_AND_STOCK}`;

/** Product lookups return the product with its category and stock. */
export const SQL = {
  bySku: `${PRODUCT} WHERE p.tenant_id = @tenantId AND p.sku = @sku`,
  byBarcode: `${PRODUCT} WHERE p.tenant_id = @tenantId AND p.barcode = @barcode`,
  byId: `${PRODUCT} WHERE +p.tenant_id = @tenantId AND p.id = @id`,
  byCategory: `${PRODUCT} WHERE p.tenant_id = @tenantId AND p.category_id = @categoryId AND p.active = 1
    ORDER BY p.name LIMIT +@limit`,
  /** Driven from the fitment index (make, model, year), then each product by its key: never a walk over the whole catalogue. */
  forVehicle: `${PRODUCT_COLUMNS}
    FROM fitment_data f
    JOIN products p ON p.tenant_id = @tenantId AND p.id = f.product_id
    ${WITH_CATEGORY_AND_STOCK}
    WHERE f.tenant_id = @tenantId AND f.make = @make AND f.model = @model AND f.year_from <= @year AND f.year_to >= @year AND p.active = 1
    GROUP BY p.id ORDER BY p.name LIMIT +@limit`,
  /**
   * Words of a product name, each anywhere in it (up to three; an unused one is '%'). LIKE cannot use an
   * index, so this reads the store's active products (40k on the large store) and stops at LIMIT.
   */
  /**
   * A LIKE on words anywhere in the name cannot narrow an index range, but it can be tested on an index
   * entry: perf_products_active_name (tenant_id, active, name, sku) holds the store's active products in
   * the list's order, so the walk reads only entries, reads a row only for a match and stops at LIMIT
   * (docs/performance.md). Until the worker has built that index (right after an upgrade) SQLite walks
   * the store's (tenant_id, category_id) range instead: slower, never another store's rows.
   */
  byNameWords: `${PRODUCT_COLUMNS}
    FROM products p
    LEFT JOIN product_categories c ON c.tenant_id = @tenantId AND c.id = p.category_id
    LEFT JOIN inventory i ON i.tenant_id = @tenantId AND i.product_id = p.id
    WHERE p.tenant_id = @tenantId AND p.active = 1 AND p.name LIKE +@w1 ESCAPE '\\' AND p.name LIKE +@w2 ESCAPE '\\' AND p.name LIKE +@w3 ESCAPE '\\'
    ORDER BY p.name, p.sku LIMIT +@limit`,
  categories: `SELECT ${rowColumns('product_categories')} FROM product_categories WHERE tenant_id = @tenantId ORDER BY sort_order, name`,
  /** Unordered on purpose: with ORDER BY make, SQLite (no ANALYZE) walks the whole tenant's fitment index instead of the product's few rows. */
  fitmentOf: `SELECT ${rowColumns('fitment_data')} FROM fitment_data WHERE tenant_id = @tenantId AND product_id = @productId`,
  /**
   * The vehicle pickers skip through the store's distinct (make, model) pairs, kept by migration 0013's triggers on
   * fitment_data: one probe of a one-page table per make and per model instead of a seek into every fitment row's key.
   */
  nextMake: `SELECT make FROM vehicle_models WHERE tenant_id = @tenantId AND make > @make ORDER BY make LIMIT 1`,
  nextModel: `SELECT model FROM vehicle_models WHERE tenant_id = @tenantId AND make = @make AND model > @model ORDER BY model LIMIT 1`,
} as const;

/** SQLite's BINARY order (code units), so JavaScript sorts the way ORDER BY would. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function productsRepository(deps: RepoDeps) {
  return {
    bySku(sku: string): ProductSummary | undefined {
      return scoped(deps.db).get<ProductSummary>(SQL.bySku, { sku });
    },
    byBarcode(barcode: string): ProductSummary | undefined {
      return scoped(deps.db).get<ProductSummary>(SQL.byBarcode, { barcode });
    },
    byId(id: string): ProductSummary | undefined {
      return scoped(deps.db).get<ProductSummary>(SQL.byId, { id });
    },
    byCategory(categoryId: string, limit = 50): ProductSummary[] {
      return scoped(deps.db).all<ProductSummary>(SQL.byCategory, { categoryId, limit });
    },
    /** Products that fit a vehicle: make and model exactly as the fitment data spells them, a year inside the fitment's range. */
    forVehicle(vehicle: { make: string; model: string; year: number }, limit = 100): ProductSummary[] {
      return scoped(deps.db).all<ProductSummary>(SQL.forVehicle, { ...vehicle, limit });
    },
    /** Products whose name holds every word (case-insensitive, at most three words count), by name. */
    byNameWords(text: string, limit = 25): ProductSummary[] {
      const words = text.trim().split(/\s+/).filter(Boolean).slice(0, 3);
      if (words.length === 0) return [];
      const like = (w: string | undefined) => (w === undefined ? '%' : `%${w.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
      return scoped(deps.db).all<ProductSummary>(SQL.byNameWords, { w1: like(words[0]), w2: like(words[1]), w3: like(words[2]), limit });
    },
    categories(): ProductCategory[] {
      return scoped(deps.db).all<ProductCategory>(SQL.categories);
    },
    fitment(productId: string): Fitment[] {
      const rows = scoped(deps.db).all<Fitment>(SQL.fitmentOf, { productId });
      return rows.sort((a, b) => cmp(a.make, b.make) || cmp(a.model, b.model) || a.year_from - b.year_from);
    },
    /** The makes and models this store has fitment data for (the vehicle pickers), in order. */
    vehicleOptions(): VehicleOption[] {
      const s = scoped(deps.db);
      const out: VehicleOption[] = [];
      const next = <K extends 'make' | 'model'>(sql: string, key: K, params: Record<string, string>) => s.get<Record<K, string>>(sql, params)?.[key];
      // '' sorts before every make and model, so each first probe finds the first one.
      for (let make = next(SQL.nextMake, 'make', { make: '' }); make !== undefined; make = next(SQL.nextMake, 'make', { make })) {
        for (let model = next(SQL.nextModel, 'model', { make, model: '' }); model !== undefined; model = next(SQL.nextModel, 'model', { make, model }))
          out.push({ make, model });
      }
      return out;
    },
  };
}
