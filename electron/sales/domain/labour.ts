import { SaleRuleError } from '../errors';
import { dollars, roundDiv, type Cents } from '../../../contracts/money';

/** A labour rate of the store (its configuration): a name and a price per hour. */
export interface LabourRate {
  id: string;
  name: string;
  centsPerHour: Cents;
}

/**
 * Labour is sold by the hour in tenths (1.5 h = 15 tenths) at a rate; the
 * line is one unit priced rate x hours, by the rounding rule, and says so in
 * its description ("Brake job, 1.5 h @ $120.00/h").
 */
export function labourLine(rate: LabourRate, tenths: number, what: string): { description: string; unitCents: Cents } {
  if (!Number.isSafeInteger(tenths) || tenths <= 0 || tenths > 2000)
    throw new SaleRuleError(`${tenths / 10} hours of labour is not possible`, 'Enter hours in tenths, from 0.1 to 200');
  const hours = (tenths / 10).toFixed(1);
  return { description: `${what.trim() || rate.name}, ${hours} h @ ${dollars(rate.centsPerHour)}/h`, unitCents: roundDiv(rate.centsPerHour * tenths, 10) };
}
