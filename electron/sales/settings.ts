import { DEFAULT_MONEY } from '../tenancy/config/schema';
import { tenantConfig } from '../tenancy/tenants';
import type { SalesLimits } from './domain/approvals';
import type { LabourRate } from './domain/labour';
import { ppmOfPercent } from '../../contracts/money';
import type { TaxRates } from './domain/pricing';

/** A store's selling rules in the domain's units (ppm, cents), from its configuration file. */
export interface StoreSalesRules {
  taxRates: TaxRates;
  limits: SalesLimits;
  layawayMinDepositPpm: number;
  loyaltyPointsPerDollar: number;
  labourRates: LabourRate[];
}

const cents = (dollars: number) => Math.round(dollars * 100);

export function salesRules(tenantId: string): StoreSalesRules {
  const s = tenantConfig(tenantId).sales;
  return {
    taxRates: { parts: ppmOfPercent(s.taxPercent.parts), labor: ppmOfPercent(s.taxPercent.labor), fees: ppmOfPercent(s.taxPercent.fees) },
    limits: {
      discountApprovalAbovePpm: ppmOfPercent(s.discountApprovalAbovePercent),
      refundApprovalAboveCents: cents(s.refundApprovalAboveDollars),
      voidApprovalAboveCents: cents(s.voidApprovalAboveDollars),
    },
    layawayMinDepositPpm: ppmOfPercent(s.layawayMinDepositPercent),
    loyaltyPointsPerDollar: s.loyaltyPointsPerDollar,
    labourRates: s.labourRates.map((r) => ({ id: r.id, name: r.name, centsPerHour: cents(r.perHourDollars) })),
  };
}

/** How a store takes money the hub owns: the hold timeout and the per-card offline limits, in ms and cents. */
export interface StoreMoneyRules {
  holdTimeoutMs: number;
  offlineLimitCents: { giftCard: number; storeCredit: number };
}

export function moneyRules(tenantId: string): StoreMoneyRules {
  const m = tenantConfig(tenantId).money ?? DEFAULT_MONEY;
  return {
    holdTimeoutMs: Math.round(m.holdTimeoutSeconds * 1000),
    offlineLimitCents: { giftCard: cents(m.offlineLimitDollars.giftCard), storeCredit: cents(m.offlineLimitDollars.storeCredit) },
  };
}
