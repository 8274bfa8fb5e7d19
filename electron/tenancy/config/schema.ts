import { z } from 'zod';
import { TENANT_ID_PATTERN } from '../../../contracts/tenant-id';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** What makes a store look like itself: shown on sign-in, in the POS header and on receipts. */
export const BrandingSchema = z.strictObject({
  logoText: text(24),
  colors: z.strictObject({
    primary: colour,
    onPrimary: colour,
    accent: colour,
    background: colour,
    text: colour,
  }),
  receiptHeader: z.array(text(48)).min(1, 'needs at least one line').max(6, 'must have at most 6 lines'),
});

const percent = z
  .number()
  .min(0, 'must be a percentage from 0 to 100')
  .max(100, 'must be a percentage from 0 to 100')
  .refine((p) => Math.abs(Math.round(p * 10_000) - p * 10_000) < 1e-6, 'must have at most 4 decimals');
const dollars = z
  .number()
  .min(0, 'must be an amount in dollars, 0 or more')
  .max(100_000, 'must be at most 100000 dollars')
  .refine((d) => Math.abs(Math.round(d * 100) - d * 100) < 1e-6, 'must be whole cents (at most 2 decimals)');

/** How a store sells: its tax rates, the limits above which a manager approves, layaways, loyalty and labour rates. */
export const SalesSchema = z.strictObject({
  /** Sales tax per class of line; parts and labour may differ (many states do not tax labour). */
  taxPercent: z.strictObject({ parts: percent, labor: percent, fees: percent }),
  /** A clerk's line or order discount above this percentage needs a manager. */
  discountApprovalAbovePercent: percent,
  /** A refund above this amount needs a manager. */
  refundApprovalAboveDollars: dollars,
  /** Voiding an unfinished sale that has taken more than this needs a manager (0: always). */
  voidApprovalAboveDollars: dollars,
  layawayMinDepositPercent: percent,
  loyaltyPointsPerDollar: z.number().int('must be a whole number').min(0).max(100),
  labourRates: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'must be a short lowercase id'),
        name: text(32),
        perHourDollars: dollars,
      }),
    )
    .min(1, 'needs at least one labour rate')
    .max(12, 'must have at most 12 labour rates'),
});

/**
 * Whom the store's staff call when the till cannot sell (the upgrade failure
 * and Problem screens): a phone number and a street address, because a till
 * that is offline can send nothing.
 */
export const SupportSchema = z.strictObject({
  /** Who answers, e.g. "CAPS IT helpdesk". */
  name: text(60),
  phone: text(32),
  /** When they answer, e.g. "Mon-Sat 7:00-19:00". */
  hours: text(60),
  address: text(120),
});

/**
 * Money the hub owns (issue 14): how long the till waits for the hub's hold on a
 * gift card redemption or store credit charge, and how much of one card (or one
 * customer's store credit) it may take while the hub cannot answer. 0 (the
 * default) refuses money tenders offline.
 */
export const MoneySchema = z.strictObject({
  holdTimeoutSeconds: z.number().min(0.5, 'must be from 0.5 to 30 seconds').max(30, 'must be from 0.5 to 30 seconds'),
  offlineLimitDollars: z.strictObject({ giftCard: dollars, storeCredit: dollars }),
});

export const DEFAULT_MONEY: z.infer<typeof MoneySchema> = { holdTimeoutSeconds: 3, offlineLimitDollars: { giftCard: 0, storeCredit: 0 } };
/** The till's session security: after how many minutes without a POS call a session locks and needs the PIN again. */
export const SecuritySchema = z.strictObject({
  idleLockMinutes: z.number().int('must be a whole number of minutes').min(1, 'must be 1 to 720 minutes').max(720, 'must be 1 to 720 minutes'),
});

/** When a tenant's file has no security section. */
export const DEFAULT_IDLE_LOCK_MINUTES = 15;

/** One tenant's configuration file (electron/tenancy/tenants/<id>.json). */
export const TenantConfigSchema = z.strictObject({
  id: z.string().regex(TENANT_ID_PATTERN, 'must be a lowercase slug of 1 to 255 characters (a-z, 0-9, inner hyphens)').max(255),
  name: text(80),
  branding: BrandingSchema,
  sales: SalesSchema,
  support: SupportSchema,
  /** Optional: absent means DEFAULT_MONEY. */
  money: MoneySchema.optional(),
  /** Optional: DEFAULT_IDLE_LOCK_MINUTES when absent. */
  security: SecuritySchema.optional(),
});

export type Branding = z.infer<typeof BrandingSchema>;
export type SalesConfig = z.infer<typeof SalesSchema>;
export type SupportContact = z.infer<typeof SupportSchema>;
export type SecurityConfig = z.infer<typeof SecuritySchema>;
export type TenantConfig = z.infer<typeof TenantConfigSchema>;
export type MoneyConfig = z.infer<typeof MoneySchema>;

/** The idle time after which a session of this tenant locks, in milliseconds. */
export const idleLockMs = (config: Pick<TenantConfig, 'security'>): number => (config.security?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES) * 60_000;
