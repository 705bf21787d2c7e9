/**
 * The demo shop: a Philippine sari-sari store's shelf. Prices in centavos; barcodes are
 * EAN-13 with the Philippine 480 prefix and a correct check digit, made up for the demo.
 *
 * Tax codes are the ones every business starts with on the back office (server/businesses.ts):
 * VAT12 (12 %, in the price) on most goods; VAT_EXEMPT on food in its original state
 * (NIRC sec. 109: rice, eggs, fresh fish, vegetables and fruit, ordinary salt), so a demo
 * receipt shows both VATable and VAT-exempt sales. Fresh goods sold by weight are per kg.
 */
import type { SoldBy } from '../protocol/sold-by';

export type DemoTaxCode = 'VAT12' | 'VAT_EXEMPT' | 'ZERO_RATED';

export interface DemoProduct {
  sku: string;
  name: string;
  priceMinor: number;
  barcode: string;
  taxCode: DemoTaxCode;
  /** The senior citizen / PWD 20% applies (medicines, in this shop). */
  scPwdEligible?: true;
  /** The 5% on basic necessities and prime commodities applies (docs/compliance.md). */
  bnpcEligible?: true;
  /** By the piece (whole quantities) or by weight (per kg): protocol/sold-by.ts. */
  soldBy?: SoldBy;
}

/**
 * The shelf's basic necessities and prime commodities (DTI's list under the JAO: rice,
 * bread, canned fish and meat, instant noodles, eggs, milk, coffee, sugar, salt, cooking
 * oil, condiments, fresh fish, vegetables and fruit, laundry and toilet soap, candles).
 */
const BASIC_NECESSITIES = new Set([
  'RICE-DINORADO-1KG',
  'RICE-WELLMILLED-5KG',
  'NOODLE-LUCKYME-BEEF',
  'NOODLE-PANCIT-CANTON',
  'NOODLE-NISSIN-CUP',
  'SARDINES-555-155G',
  'SARDINES-LIGO-155G',
  'CORNED-ARGENTINA-150G',
  'MEATLOAF-PUREFOODS-150G',
  'TUNA-CENTURY-155G',
  'EGG-LARGE-PC',
  'BREAD-PANDESAL-10',
  'BREAD-GARDENIA-600G',
  'COFFEE-NESCAFE-3IN1',
  'COFFEE-KOPIKO-BROWN',
  'MILK-BEARBRAND-33G',
  'MILK-ALASKA-EVAP-370',
  'MILK-CONDENSED-300ML',
  'SUGAR-BROWN-1KG',
  'SALT-IODIZED-250G',
  'SOYSAUCE-SILVERSWAN-385',
  'VINEGAR-DATU-PUTI-385',
  'FISHSAUCE-RUFINA-350',
  'OIL-MINOLA-1L',
  'SOAP-SAFEGUARD-60G',
  'DETERGENT-TIDE-66G',
  'DETERGENT-SURF-BAR',
  'CANDLE-WHITE-PC',
  'FISH-GALUNGGONG-KG',
  'VEG-KAMATIS-KG',
  'VEG-SIBUYAS-KG',
  'FRUIT-SAGING-LAKATAN-KG',
]);

const shelf: DemoProduct[] = [
  { sku: 'RICE-DINORADO-1KG', name: 'Dinorado Rice 1 kg', priceMinor: 6800, barcode: '4800007000111', taxCode: 'VAT_EXEMPT' },
  { sku: 'RICE-WELLMILLED-5KG', name: 'Well-milled Rice 5 kg', priceMinor: 27500, barcode: '4800007000487', taxCode: 'VAT_EXEMPT' },
  { sku: 'NOODLE-LUCKYME-BEEF', name: 'Lucky Me! Instant Mami Beef 55 g', priceMinor: 1000, barcode: '4800007000852', taxCode: 'VAT12' },
  { sku: 'NOODLE-PANCIT-CANTON', name: 'Lucky Me! Pancit Canton Original 60 g', priceMinor: 1500, barcode: '4800007001224', taxCode: 'VAT12' },
  { sku: 'NOODLE-NISSIN-CUP', name: 'Nissin Cup Noodles Seafood 60 g', priceMinor: 2800, barcode: '4800007001590', taxCode: 'VAT12' },
  { sku: 'SARDINES-555-155G', name: '555 Sardines in Tomato Sauce 155 g', priceMinor: 2450, barcode: '4800007001965', taxCode: 'VAT12' },
  { sku: 'SARDINES-LIGO-155G', name: 'Ligo Sardines Red 155 g', priceMinor: 2600, barcode: '4800007002337', taxCode: 'VAT12' },
  { sku: 'CORNED-ARGENTINA-150G', name: 'Argentina Corned Beef 150 g', priceMinor: 4200, barcode: '4800007002702', taxCode: 'VAT12' },
  { sku: 'MEATLOAF-PUREFOODS-150G', name: 'Purefoods Meat Loaf 150 g', priceMinor: 3300, barcode: '4800007003075', taxCode: 'VAT12' },
  { sku: 'TUNA-CENTURY-155G', name: 'Century Tuna Flakes in Oil 155 g', priceMinor: 3950, barcode: '4800007003440', taxCode: 'VAT12' },
  { sku: 'EGG-LARGE-PC', name: 'Fresh Egg, large (1 pc)', priceMinor: 900, barcode: '4800007003815', taxCode: 'VAT_EXEMPT' },
  { sku: 'BREAD-PANDESAL-10', name: 'Pandesal (10 pcs)', priceMinor: 3000, barcode: '4800007004188', taxCode: 'VAT12' },
  { sku: 'BREAD-GARDENIA-600G', name: 'Gardenia Classic White Bread 600 g', priceMinor: 8500, barcode: '4800007004553', taxCode: 'VAT12' },
  { sku: 'COFFEE-NESCAFE-3IN1', name: 'Nescafé 3-in-1 Original sachet', priceMinor: 900, barcode: '4800007004928', taxCode: 'VAT12' },
  { sku: 'COFFEE-KOPIKO-BROWN', name: 'Kopiko Brown Coffee sachet', priceMinor: 1000, barcode: '4800007005291', taxCode: 'VAT12' },
  { sku: 'MILO-SACHET-22G', name: 'Milo sachet 22 g', priceMinor: 1000, barcode: '4800007005666', taxCode: 'VAT12' },
  { sku: 'MILK-BEARBRAND-33G', name: 'Bear Brand Powdered Milk 33 g', priceMinor: 1400, barcode: '4800007006038', taxCode: 'VAT12' },
  { sku: 'MILK-ALASKA-EVAP-370', name: 'Alaska Evaporated Milk 370 ml', priceMinor: 3600, barcode: '4800007006403', taxCode: 'VAT12' },
  { sku: 'MILK-CONDENSED-300ML', name: 'Alaska Sweetened Condensed 300 ml', priceMinor: 4600, barcode: '4800007006779', taxCode: 'VAT12' },
  { sku: 'SUGAR-BROWN-1KG', name: 'Brown Sugar 1 kg', priceMinor: 8500, barcode: '4800007007141', taxCode: 'VAT12' },
  { sku: 'SALT-IODIZED-250G', name: 'Iodized Salt 250 g', priceMinor: 1200, barcode: '4800007007516', taxCode: 'VAT_EXEMPT' },
  { sku: 'SOYSAUCE-SILVERSWAN-385', name: 'Silver Swan Soy Sauce 385 ml', priceMinor: 2300, barcode: '4800007007882', taxCode: 'VAT12' },
  { sku: 'VINEGAR-DATU-PUTI-385', name: 'Datu Puti Vinegar 385 ml', priceMinor: 2000, barcode: '4800007008254', taxCode: 'VAT12' },
  { sku: 'FISHSAUCE-RUFINA-350', name: 'Rufina Patis 350 ml', priceMinor: 3800, barcode: '4800007008629', taxCode: 'VAT12' },
  { sku: 'OIL-MINOLA-1L', name: 'Minola Coconut Oil 1 L', priceMinor: 12500, barcode: '4800007008995', taxCode: 'VAT12' },
  { sku: 'KETCHUP-UFC-320G', name: 'UFC Banana Ketchup 320 g', priceMinor: 3700, barcode: '4800007009367', taxCode: 'VAT12' },
  { sku: 'SOFTDRINK-COKE-1_5L', name: 'Coca-Cola 1.5 L', priceMinor: 8500, barcode: '4800007009732', taxCode: 'VAT12' },
  { sku: 'SOFTDRINK-ROYAL-290', name: 'Royal Tru-Orange 290 ml', priceMinor: 2000, barcode: '4800007010103', taxCode: 'VAT12' },
  { sku: 'WATER-WILKINS-500', name: 'Wilkins Distilled Water 500 ml', priceMinor: 1800, barcode: '4800007010479', taxCode: 'VAT12' },
  { sku: 'JUICE-ZESTO-200', name: 'Zesto Orange Juice 200 ml', priceMinor: 1200, barcode: '4800007010844', taxCode: 'VAT12' },
  { sku: 'BEER-SANMIG-PALE-330', name: 'San Miguel Pale Pilsen 330 ml', priceMinor: 6000, barcode: '4800007011216', taxCode: 'VAT12' },
  { sku: 'SNACK-PILLOWS-38G', name: 'Oishi Pillows Chocolate 38 g', priceMinor: 1000, barcode: '4800007011582', taxCode: 'VAT12' },
  { sku: 'SNACK-CHIPPY-110G', name: 'Chippy Barbecue 110 g', priceMinor: 3500, barcode: '4800007011957', taxCode: 'VAT12' },
  { sku: 'BISCUIT-SKYFLAKES-10S', name: 'SkyFlakes Crackers 10 packs', priceMinor: 6200, barcode: '4800007012329', taxCode: 'VAT12' },
  { sku: 'SOAP-SAFEGUARD-60G', name: 'Safeguard Bar Soap 60 g', priceMinor: 3200, barcode: '4800007012695', taxCode: 'VAT12' },
  { sku: 'CONDITIONER-CREAMSILK-SACHET', name: 'Creamsilk Conditioner sachet', priceMinor: 800, barcode: '4800007013067', taxCode: 'VAT12' },
  { sku: 'SHAMPOO-PALMOLIVE-SACHET', name: 'Palmolive Shampoo sachet', priceMinor: 700, barcode: '4800007013432', taxCode: 'VAT12' },
  { sku: 'DETERGENT-TIDE-66G', name: 'Tide Powder 66 g', priceMinor: 1100, barcode: '4800007013807', taxCode: 'VAT12' },
  { sku: 'DETERGENT-SURF-BAR', name: 'Surf Laundry Bar 380 g', priceMinor: 3500, barcode: '4800007014170', taxCode: 'VAT12' },
  { sku: 'TOOTHPASTE-COLGATE-22ML', name: 'Colgate Toothpaste 22 ml', priceMinor: 2500, barcode: '4800007014545', taxCode: 'VAT12' },
  { sku: 'CANDLE-WHITE-PC', name: 'White Candle (1 pc)', priceMinor: 800, barcode: '4800007014910', taxCode: 'VAT12' },
  { sku: 'MATCHES-POSPORO-BOX', name: 'Posporo (matches) 1 box', priceMinor: 200, barcode: '4800007015283', taxCode: 'VAT12' },
  { sku: 'FISH-GALUNGGONG-KG', name: 'Fresh Galunggong (per kg)', priceMinor: 24000, barcode: '4800007015658', taxCode: 'VAT_EXEMPT' },
  { sku: 'VEG-KAMATIS-KG', name: 'Kamatis, tomatoes (per kg)', priceMinor: 8000, barcode: '4800007016020', taxCode: 'VAT_EXEMPT' },
  { sku: 'VEG-SIBUYAS-KG', name: 'Red onions (per kg)', priceMinor: 16000, barcode: '4800007016396', taxCode: 'VAT_EXEMPT' },
  { sku: 'FRUIT-SAGING-LAKATAN-KG', name: 'Saging Lakatan, bananas (per kg)', priceMinor: 9000, barcode: '4800007016761', taxCode: 'VAT_EXEMPT' },
  // A medicine, so a senior citizen's or PWD's sale shows the 20% too.
  {
    sku: 'MED-BIOGESIC-500',
    name: 'Biogesic Paracetamol 500 mg (1 tablet)',
    priceMinor: 500,
    barcode: '4800007017133',
    taxCode: 'VAT12',
    scPwdEligible: true,
  },
];

/** Fresh goods sold by weight (their price is per kg); everything else by the piece. */
const soldByOf = (product: DemoProduct): SoldBy => (product.name.endsWith('(per kg)') ? 'weight' : 'piece');

export const demoCatalog: DemoProduct[] = shelf.map((product) => ({
  ...product,
  soldBy: soldByOf(product),
  ...(BASIC_NECESSITIES.has(product.sku) ? { bnpcEligible: true } : {}),
}));

/** Opening stock per product: a case of the cheap things, a few of the dear ones. */
export function openingStockOf(product: DemoProduct): number {
  return product.priceMinor <= 2_000 ? 48 : product.priceMinor <= 10_000 ? 24 : 10;
}
