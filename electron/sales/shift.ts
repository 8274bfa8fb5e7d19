import type { Repositories } from '../tenancy/repositories';
import type { Shift } from '../tenancy/models';
import { checkCount, expectedCash, overShort, overShortText } from './domain/shift';
import { dollars } from '../../contracts/money';
import { TENDER_LABELS, type TenderMethod } from './domain/tender';
import { SaleRuleError } from './errors';
import type { ShiftSummary } from './types';

/** A shift's takings from its payments: cash in (what each cash payment kept, tendered less change) and out (refunds), and each method's totals. */
export function shiftSummary(r: Repositories, shift: Shift): ShiftSummary {
  const takings = r.shifts.takings(shift.id);
  const cashIn = takings.filter((t) => t.method === 'cash' && t.direction === 'in').reduce((a, t) => a + t.amount_cents, 0);
  const cashOut = takings.filter((t) => t.method === 'cash' && t.direction === 'out').reduce((a, t) => a + t.amount_cents, 0);
  const methods = [...new Set(takings.map((t) => t.method))].filter((m) => m !== 'deposit');
  return {
    shift,
    openedByName: r.users.byId(shift.opened_by)?.display_name ?? null,
    cashInCents: cashIn,
    cashOutCents: cashOut,
    expectedCents: expectedCash(shift.float_cents, [
      { direction: 'in', amountCents: cashIn },
      { direction: 'out', amountCents: cashOut },
    ]),
    byMethod: methods.map((m) => {
      const of = (d: 'in' | 'out') => takings.filter((t) => t.method === m && t.direction === d);
      return {
        method: m,
        label: TENDER_LABELS[m as TenderMethod],
        inCents: of('in').reduce((a, t) => a + t.amount_cents, 0),
        outCents: of('out').reduce((a, t) => a + t.amount_cents, 0),
        count: [...of('in'), ...of('out')].reduce((a, t) => a + t.n, 0),
      };
    }),
  };
}

export function currentShift(r: Repositories): ShiftSummary | null {
  const shift = r.shifts.current();
  return shift ? shiftSummary(r, shift) : null;
}

export function openShift(r: Repositories, floatCents: number): ShiftSummary {
  checkCount(floatCents, 'float');
  return shiftSummary(r, r.shifts.open(floatCents));
}

/** Closes the shift with the counted cash; over/short (counted less expected) is recorded and shown. */
export function closeShift(r: Repositories, countedCents: number): ShiftSummary & { message: string } {
  checkCount(countedCents, 'count');
  return r.transaction(() => {
    const shift = r.shifts.current();
    if (!shift) throw new SaleRuleError('no shift is open on this till', 'Open a shift first');
    const before = shiftSummary(r, shift);
    const diff = overShort(countedCents, before.expectedCents);
    const closed = r.shifts.close({ shiftId: shift.id, expectedCents: before.expectedCents, countedCents, overShortCents: diff });
    return {
      ...shiftSummary(r, closed),
      message: `Shift closed. Expected ${dollars(before.expectedCents)}, counted ${dollars(countedCents)}: ${overShortText(diff).toLowerCase()}.`,
    };
  });
}
