import { SaleRuleError } from '../errors';
import { allocate } from './allocate';
import { dollars, isCents, MAX_CENTS, ppmOfBp, share, type Cents } from '../../../contracts/money';
import { promotionLineDiscounts, promotionOrderDiscount, type Promotion } from './promotions';

/**
 * Pricing a cart: the one function that turns lines into money. Every total
 * the till shows, stores or prints is a sum over the lines this returns.
 *
 * Per line, in this order:
 *  1. unit price: the product's price less the customer's price level (parts only), by the rounding rule;
 *  2. gross = unit price x quantity;
 *  3. the clerk's line discount (a percentage of gross, or an amount, at most gross);
 *  4. a buy-one-get-one promotion's discount on the line's every second unit;
 * then for the order:
 *  5. a percentage or amount promotion, then the clerk's order discount, each
 *     on what is left, spread over the lines in proportion (largest remainder),
 *     so every line knows its own net amount;
 * and per line again:
 *  6. net = gross - all its discounts; tax = its class's rate of net (none when
 *     the customer is exempt or the product is not taxable), by the rounding rule;
 *     total = net + tax.
 * The order's subtotal, discounts, tax and total are sums of the lines' figures.
 */

export type LineKind = 'part' | 'labor' | 'fee';
export type TaxClass = 'parts' | 'labor' | 'fees';
export const TAX_CLASS_OF: Record<LineKind, TaxClass> = { part: 'parts', labor: 'labor', fee: 'fees' };

/** Tax rates of one store, in ppm per class (the store's configuration). */
export type TaxRates = Record<TaxClass, number>;

/** A clerk's discount: a percentage in basis points (1000 = 10%) or an amount in cents. */
export type Discount = { percentBp: number } | { amountCents: Cents };

export interface CartLine {
  kind: LineKind;
  productId: string | null;
  sku: string | null;
  description: string;
  quantity: number;
  /** The product's own price (or the labour/fee amount) per unit, before the price level. */
  listUnitCents: Cents;
  /** Products carry their own taxable flag; labour and fees are taxed at their class's rate. */
  taxable: boolean;
  discount?: Discount | null;
  technicianId?: string | null;
}

export interface PriceLevel {
  id: string;
  name: string;
  discountBp: number;
}

export interface PricingContext {
  taxRates: TaxRates;
  taxExempt: boolean;
  priceLevel: PriceLevel | null;
  promotion: Promotion | null;
  orderDiscount: Discount | null;
}

export interface PricedLine extends CartLine {
  lineNo: number;
  unitPriceCents: Cents;
  grossCents: Cents;
  /** The clerk's discount on this line. */
  lineDiscountCents: Cents;
  /** This line's part of the promotion (its own buy-one-get-one units, or its share of an order promotion). */
  promotionDiscountCents: Cents;
  /** This line's share of the clerk's order discount. */
  orderDiscountCents: Cents;
  discountCents: Cents;
  netCents: Cents;
  taxClass: TaxClass;
  taxRatePpm: number;
  taxCents: Cents;
  totalCents: Cents;
}

export interface PricedCart {
  lines: PricedLine[];
  subtotalCents: Cents;
  lineDiscountCents: Cents;
  promotionDiscountCents: Cents;
  orderDiscountCents: Cents;
  discountCents: Cents;
  taxCents: Cents;
  totalCents: Cents;
  /** Tax per class, for the receipt ("Tax, parts 6.25%"). */
  taxByClass: { taxClass: TaxClass; ratePpm: number; taxableCents: Cents; taxCents: Cents }[];
  promotion: Promotion | null;
  priceLevel: PriceLevel | null;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function checkDiscount(d: Discount | null | undefined, what: string): void {
  if (!d) return;
  if ('percentBp' in d) {
    if (!Number.isInteger(d.percentBp) || d.percentBp < 0 || d.percentBp > 10_000)
      throw new SaleRuleError(`${what}: a discount of ${d.percentBp / 100}% is not possible`, 'Enter a percentage from 0 to 100');
  } else if (!isCents(d.amountCents) || d.amountCents < 0) {
    throw new SaleRuleError(`${what}: a discount of ${d.amountCents} is not an amount`, 'Enter an amount such as 5.00');
  }
}

/** A clerk's discount of `base` cents: a percentage by the rounding rule, an amount never more than the base. */
export function discountOf(d: Discount | null | undefined, base: Cents): Cents {
  if (!d) return 0;
  return 'percentBp' in d ? share(base, ppmOfBp(d.percentBp)) : Math.min(d.amountCents, base);
}

export function unitPrice(line: Pick<CartLine, 'kind' | 'listUnitCents'>, level: PriceLevel | null): Cents {
  if (line.kind !== 'part' || !level || level.discountBp === 0) return line.listUnitCents;
  return line.listUnitCents - share(line.listUnitCents, ppmOfBp(level.discountBp));
}

function checkLine(line: CartLine, n: number): void {
  if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0 || line.quantity > 10_000)
    throw new SaleRuleError(`line ${n}: a quantity of ${line.quantity} is not possible`, 'Enter a whole number of units from 1 to 10000');
  if (!isCents(line.listUnitCents) || line.listUnitCents < 0)
    throw new SaleRuleError(`line ${n}: a price of ${line.listUnitCents} is not an amount`, 'Enter a price such as 12.50');
  checkDiscount(line.discount, `line ${n}`);
}

export function priceCart(input: readonly CartLine[], ctx: PricingContext): PricedCart {
  input.forEach((l, i) => checkLine(l, i + 1));
  checkDiscount(ctx.orderDiscount, 'the order');
  const units = input.map((l) => unitPrice(l, ctx.priceLevel));
  const gross = input.map((l, i) => units[i]! * l.quantity);
  if (sum(gross) > MAX_CENTS) throw new SaleRuleError(`a sale of ${dollars(sum(gross))} is more than one sale can hold`, 'Split it into several sales');
  const lineDiscount = input.map((l, i) => discountOf(l.discount, gross[i]!));
  const afterLine = gross.map((g, i) => g - lineDiscount[i]!);

  // Promotion: its own per-line part (buy one, get one), then an order-wide part spread over what is left.
  const promoLine = ctx.promotion ? promotionLineDiscounts(ctx.promotion, input, units, afterLine) : input.map(() => 0);
  const afterPromoLine = afterLine.map((a, i) => a - promoLine[i]!);
  const promoOrder = ctx.promotion ? promotionOrderDiscount(ctx.promotion, sum(afterPromoLine)) : 0;
  const promoShare = allocate(promoOrder, afterPromoLine);
  const afterPromo = afterPromoLine.map((a, i) => a - promoShare[i]!);

  const orderDiscount = discountOf(ctx.orderDiscount, sum(afterPromo));
  const orderShare = allocate(orderDiscount, afterPromo);

  const lines: PricedLine[] = input.map((l, i) => {
    const net = afterPromo[i]! - orderShare[i]!;
    const taxClass = TAX_CLASS_OF[l.kind];
    const taxRatePpm = ctx.taxExempt || !l.taxable ? 0 : ctx.taxRates[taxClass];
    const tax = share(net, taxRatePpm);
    const promotion = promoLine[i]! + promoShare[i]!;
    return {
      ...l,
      discount: l.discount ?? null,
      technicianId: l.technicianId ?? null,
      lineNo: i + 1,
      unitPriceCents: units[i]!,
      grossCents: gross[i]!,
      lineDiscountCents: lineDiscount[i]!,
      promotionDiscountCents: promotion,
      orderDiscountCents: orderShare[i]!,
      discountCents: lineDiscount[i]! + promotion + orderShare[i]!,
      netCents: net,
      taxClass,
      taxRatePpm,
      taxCents: tax,
      totalCents: net + tax,
    };
  });
  const priced = summarise(lines, ctx.promotion, ctx.priceLevel);
  if (priced.totalCents > MAX_CENTS)
    throw new SaleRuleError(`a sale of ${dollars(priced.totalCents)} is more than one sale can hold`, 'Split it into several sales');
  return priced;
}

/** The order's figures as sums over its lines: the only way a total is ever made. */
export function summarise(lines: PricedLine[], promotion: Promotion | null = null, priceLevel: PriceLevel | null = null): PricedCart {
  const classes = new Map<string, PricedCart['taxByClass'][number]>();
  for (const l of lines) {
    if (l.taxRatePpm === 0) continue;
    const key = `${l.taxClass}:${l.taxRatePpm}`;
    const c = classes.get(key) ?? { taxClass: l.taxClass, ratePpm: l.taxRatePpm, taxableCents: 0, taxCents: 0 };
    c.taxableCents += l.netCents;
    c.taxCents += l.taxCents;
    classes.set(key, c);
  }
  return {
    lines,
    subtotalCents: sum(lines.map((l) => l.grossCents)),
    lineDiscountCents: sum(lines.map((l) => l.lineDiscountCents)),
    promotionDiscountCents: sum(lines.map((l) => l.promotionDiscountCents)),
    orderDiscountCents: sum(lines.map((l) => l.orderDiscountCents)),
    discountCents: sum(lines.map((l) => l.discountCents)),
    taxCents: sum(lines.map((l) => l.taxCents)),
    totalCents: sum(lines.map((l) => l.totalCents)),
    taxByClass: [...classes.values()],
    promotion,
    priceLevel,
  };
}
