/** The till counts VAT exactly as the back office does: one split, in the wire contract (protocol/vat-split.ts). */
export * from '../../protocol/vat-split';
