import type { Repositories } from '../tenancy/repositories';
import type { LookupResult } from './types';

/**
 * The one search field of the till. A scanner types digits then Enter; a
 * clerk types a SKU in any case, or words of a name. An exact barcode or SKU
 * is `exact` (the screen adds it to the cart at once); otherwise the name
 * search lists matches.
 */
export function lookUp(r: Repositories, query: string): LookupResult {
  const q = query.trim();
  if (!q) return { exact: null, matches: [] };
  const exact = r.products.byBarcode(q) ?? r.products.bySku(q) ?? r.products.bySku(q.toUpperCase()) ?? null;
  if (exact) return { exact, matches: [exact] };
  return { exact: null, matches: r.products.byNameWords(q, 25) };
}
