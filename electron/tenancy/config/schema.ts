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

/** One tenant's configuration file (electron/tenancy/tenants/<id>.json). */
export const TenantConfigSchema = z.strictObject({
  id: z.string().regex(TENANT_ID_PATTERN, 'must be a lowercase slug of 1 to 255 characters (a-z, 0-9, inner hyphens)').max(255),
  name: text(80),
  branding: BrandingSchema,
});

export type Branding = z.infer<typeof BrandingSchema>;
export type TenantConfig = z.infer<typeof TenantConfigSchema>;
