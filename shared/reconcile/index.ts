// Comparison of two reviewers' extractions and their agreement. Layer: shared.
export * from './agreement';
export * from './compare';
export * from './kappa';
