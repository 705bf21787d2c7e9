/** The refund amount rule lives with the wire contract: the terminal computes the same figures offline. */
export { refundableValues, refundAmountMinor, refundAskedBySku, refundExceedsMessage, type SoldSku } from '../../protocol/refund-amounts';
