// Issue 20 (B15.2): monthly customer reports, their branding and who receives them.
import { z } from 'zod';

export const ReportParams = z.object({
  customerId: z.uuid(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month, e.g. 2026-11'),
});

export const CustomerParams = z.object({ customerId: z.uuid() });

export const ReportRecipientBody = z.strictObject({
  reportEmail: z.email('The customer contact who receives the report').max(320).nullable(),
  reportMonthly: z.boolean(),
});

export const ReportRecipientView = z.object({ reportEmail: z.string().nullable(), reportMonthly: z.boolean() });

export const BrandingView = z.object({
  mspName: z.string(),
  /** The logo as a data URL (PNG or JPEG), or null. */
  logo: z.string().nullable(),
});
export type BrandingView = z.infer<typeof BrandingView>;

export const SaveBrandingBody = z.strictObject({
  mspName: z.string().trim().min(1).max(200),
  /** A PNG or JPEG data URL of at most 512 KiB; null removes the logo; omit to keep it. */
  logo: z
    .string()
    .max(720_000)
    .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'A PNG or JPEG image')
    .nullable()
    .optional(),
});
export type SaveBrandingBody = z.infer<typeof SaveBrandingBody>;
