export * from './problem';
export * from './timestamp';
export * from './json-limits';
export * from './quantity';
export * from './idempotency-key';
export * from './sales';
export * from './sale-total';
export * from './terminals';
export * from './catalog';
export * from './batch';
export * from './admin';
export * from './refunds';
export * from './stock-documents';
export * from './monitoring';

export const PROTOCOL_VERSION = 'v1';
export * from './journal';
