import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ErrorLine } from './ErrorLine';
import { money, years } from './money';
import type { PosCalls, ProductDetail, ProductSummary, Store, VehicleOption } from './types';
import { usePosCall } from './usePosCall';

interface Props {
  pos: PosCalls;
  store: Store;
  onSessionExpired(): void;
  /** A customer's vehicle chosen on the Sell screen: its parts are listed at once. */
  vehicle?: { make: string; model: string; year: number } | null;
  /** Adds a product to the sale in progress. */
  onAdd?(product: ProductSummary): void;
}

/** Product lookup: scan or type a SKU or barcode, or pick a vehicle and list the parts that fit it. */
export function ProductsPanel({ pos, onSessionExpired, vehicle = null, onAdd }: Props) {
  const [by, setBy] = useState<'sku' | 'barcode'>('sku');
  const [code, setCode] = useState('');
  const [searched, setSearched] = useState<string | null>(null);
  const found = usePosCall<ProductSummary | null>(onSessionExpired);
  const detail = usePosCall<ProductDetail | null>(onSessionExpired);
  const fits = usePosCall<ProductSummary[]>(onSessionExpired);
  const options = usePosCall<VehicleOption[]>(onSessionExpired);
  const [make, setMake] = useState(vehicle?.make ?? '');
  const [model, setModel] = useState(vehicle?.model ?? '');
  // No default year: a part that fits 2018 may not fit the customer's 2009.
  const [year, setYear] = useState(vehicle ? String(vehicle.year) : '');
  const [added, setAdded] = useState<string | null>(null);
  const runFits = fits.run;
  useEffect(() => {
    if (vehicle) void runFits(() => pos.productsForVehicle(vehicle));
  }, [pos, vehicle, runFits]);
  const add = (p: ProductSummary) => {
    onAdd?.(p);
    setAdded(`Added ${p.sku} to the sale.`);
  };

  const loadOptions = options.run;
  useEffect(() => {
    void loadOptions(() => pos.vehicleOptions());
  }, [pos, loadOptions]);
  const makes = useMemo(() => [...new Set((options.value ?? []).map((o) => o.make))], [options.value]);
  const models = useMemo(() => (options.value ?? []).filter((o) => o.make === make).map((o) => o.model), [options.value, make]);

  const lookUp = async (e: FormEvent) => {
    e.preventDefault();
    const value = code.trim();
    if (!value) return;
    fits.reset();
    detail.reset();
    setSearched(value);
    const p = await found.run(() => pos.findProduct({ by, value }));
    if (p) void detail.run(() => pos.product({ id: p.id }));
  };
  const listFits = async (e: FormEvent) => {
    e.preventDefault();
    found.reset();
    detail.reset();
    setSearched(null);
    if (!/^\d{4}$/.test(year.trim())) return;
    await fits.run(() => pos.productsForVehicle({ make, model, year: Number(year) }));
  };
  const open = (p: ProductSummary) => void detail.run(() => pos.product({ id: p.id }));

  return (
    <div className="pos-panel pos-split">
      <section className="pos-column" aria-labelledby="find-product">
        <h1 id="find-product" className="pos-heading">
          Find a product
        </h1>
        <form className="pos-form" onSubmit={(e) => void lookUp(e)}>
          <label className="pos-field">
            <span>Look up by</span>
            <select value={by} onChange={(e) => setBy(e.target.value as 'sku' | 'barcode')}>
              <option value="sku">SKU</option>
              <option value="barcode">Barcode</option>
            </select>
          </label>
          <label className="pos-field">
            <span>{by === 'sku' ? 'SKU' : 'Barcode'}</span>
            <input name="code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />
          </label>
          <button type="submit" className="button pos-primary" disabled={found.busy}>
            Find
          </button>
        </form>
        <form className="pos-form" onSubmit={(e) => void listFits(e)} aria-label="Parts for a vehicle">
          <label className="pos-field">
            <span>Make</span>
            <select
              value={make}
              onChange={(e) => {
                setMake(e.target.value);
                setModel('');
              }}
            >
              <option value="">Choose…</option>
              {makes.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label className="pos-field">
            <span>Model</span>
            <select value={model} onChange={(e) => setModel(e.target.value)} disabled={!make}>
              <option value="">Choose…</option>
              {models.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label className="pos-field pos-narrow">
            <span>Year</span>
            <input type="number" min={1900} max={2100} value={year} onChange={(e) => setYear(e.target.value)} placeholder="e.g. 2009" required />
          </label>
          <button type="submit" className="button" disabled={!make || !model || !/^\d{4}$/.test(year.trim()) || fits.busy}>
            Parts that fit
          </button>
        </form>
        <ErrorLine error={found.error ?? fits.error ?? options.error} />
        {fits.value && (
          <div className="pos-scroll" aria-label="Parts that fit">
            <table className="pos-table">
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>Product</th>
                  <th className="num">Price</th>
                  <th className="num">On hand</th>
                </tr>
              </thead>
              <tbody>
                {fits.value.length === 0 && (
                  <tr>
                    <td colSpan={4}>No parts in this store fit that vehicle.</td>
                  </tr>
                )}
                {fits.value.map((p) => (
                  <tr key={p.id}>
                    <td className="mono">
                      <button type="button" className="pos-link" onClick={() => open(p)}>
                        {p.sku}
                      </button>
                    </td>
                    <td>{p.name}</td>
                    <td className="num">{money(p.price_cents)}</td>
                    <td className="num">{p.quantity_on_hand ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="pos-column pos-detail" aria-label="Product" aria-live="polite">
        {searched && found.value === null && !found.busy && !found.error && (
          <p className="pos-empty">
            No product with {by === 'sku' ? 'SKU' : 'barcode'} <span className="mono">{searched}</span> in this store.
          </p>
        )}
        {detail.value && <ProductCard detail={detail.value} onAdd={onAdd ? add : undefined} />}
        <p role="status" className="pos-muted">
          {added}
        </p>
        {!searched && !detail.value && !fits.value && <p className="pos-empty">Scan a barcode or type a SKU, or choose a vehicle.</p>}
      </section>
    </div>
  );
}

function ProductCard({ detail, onAdd }: { detail: ProductDetail; onAdd?: (p: ProductSummary) => void }) {
  const p = detail.product;
  return (
    <article className="pos-card" data-testid="product-card">
      <h2 data-testid="product-name">{p.name}</h2>
      {onAdd && (
        <button type="button" className="button pos-primary" onClick={() => onAdd(p)}>
          Add to sale
        </button>
      )}
      <dl className="pos-facts">
        <dt>SKU</dt>
        <dd className="mono" data-testid="product-sku">
          {p.sku}
        </dd>
        <dt>Barcode</dt>
        <dd className="mono">{p.barcode ?? '—'}</dd>
        <dt>Brand</dt>
        <dd>{p.brand ?? '—'}</dd>
        <dt>Category</dt>
        <dd>{p.category_name ?? '—'}</dd>
        <dt>Price</dt>
        <dd className="num pos-price" data-testid="product-price">
          {money(p.price_cents)}
        </dd>
        <dt>On hand</dt>
        <dd className="num">
          {p.quantity_on_hand ?? 0}
          {p.bin_location ? ` (bin ${p.bin_location})` : ''}
        </dd>
      </dl>
      {p.description && <p className="pos-muted">{p.description}</p>}
      <h3>Fits</h3>
      {detail.fitment.length === 0 ? (
        <p className="pos-muted">No fitment data.</p>
      ) : (
        <ul className="pos-list">
          {detail.fitment.slice(0, 6).map((f) => (
            <li key={f.id}>
              {f.make} {f.model} {years(f.year_from, f.year_to)}
              {f.engine ? `, ${f.engine}` : ''}
            </li>
          ))}
          {detail.fitment.length > 6 && <li className="pos-muted">and {detail.fitment.length - 6} more</li>}
        </ul>
      )}
    </article>
  );
}
