import { Type, type Static } from 'typebox';
import { DisplayName } from './display-name';
import { SoldBySchema } from './sold-by';
import { CONTROLS, UNSEEN } from './unseen-characters';

/**
 * A SKU or a barcode as the back office's product routes take it: no space before or after
 * (" RICE" would be another product than "RICE", listed alike), no control character and no
 * character a screen does not show (protocol/unseen-characters.ts). Spaces inside are fine.
 * Sales are not held to it: a sale that happened is recorded whatever SKU it names.
 */
export const PRODUCT_CODE_PATTERN = `^[^\\s${CONTROLS}${UNSEEN}]([^${CONTROLS}${UNSEEN}]*[^\\s${CONTROLS}${UNSEEN}])?$`;
export const ProductCode = Type.String({ minLength: 1, maxLength: 64, pattern: PRODUCT_CODE_PATTERN });
export const ProductParamsSchema = Type.Object({ sku: ProductCode });

export const ProductSchema = Type.Object({
  sku: Type.String(),
  name: Type.String(),
  priceMinor: Type.Integer(),
  taxCode: Type.Union([Type.String(), Type.Null()]),
  barcode: Type.Union([Type.String(), Type.Null()]),
  /** The 20% senior citizen / PWD discount with VAT exemption applies (RA 9994, RA 10754). Absent from older back offices: false. */
  scPwdEligible: Type.Optional(Type.Boolean()),
  /** A basic necessity or prime commodity: the 5% discount for senior citizens and PWDs applies. */
  bnpcEligible: Type.Optional(Type.Boolean()),
  /** 'piece' (whole quantities) or 'weight' (per kg, decimals); absent: the catalog does not say, any quantity (protocol/sold-by.ts). */
  soldBy: Type.Optional(SoldBySchema),
});
export type Product = Static<typeof ProductSchema>;

export const TaxSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  /** Basis points: 1200 is 12 %. */
  rateBasisPoints: Type.Integer(),
  /** Whether prices with this tax code already include it. */
  inclusive: Type.Boolean(),
});
export type Tax = Static<typeof TaxSchema>;

export const CatalogQuerySchema = Type.Object({
  since: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
});

export const CatalogPageSchema = Type.Object({
  products: Type.Array(ProductSchema),
  taxes: Type.Array(TaxSchema),
  cursor: Type.String(),
});
export type CatalogPage = Static<typeof CatalogPageSchema>;

export const ProductUpsertSchema = Type.Object({
  /** Absent: `MAIN`, as every admin route's business (docs/back-office-api.md). */
  businessCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  /** Read on the till's screen and printed on invoices: the name rule of businesses, stores and tills (protocol/display-name.ts). */
  name: DisplayName(200),
  priceMinor: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }),
  taxCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  barcode: Type.Optional(ProductCode),
  scPwdEligible: Type.Optional(Type.Boolean()),
  bnpcEligible: Type.Optional(Type.Boolean()),
  /** 'piece' or 'weight'; absent: not said (any quantity). */
  soldBy: Type.Optional(SoldBySchema),
});
export type ProductUpsert = Static<typeof ProductUpsertSchema>;
