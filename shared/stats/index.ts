// The pooling core's public surface: effect sizes, tau² estimators, pooling models, heterogeneity,
// natural-scale transformations and the one-call analysis `caliper pool` and the analysis view use.
// Layer: shared (pure TypeScript: no node:, DOM or electron imports).
export * from './errors';
export * from './distributions';
export * from './effectSizes';
export * from './tau2';
export * from './pool';
export * from './confint';
export * from './mantelHaenszel';
export * from './peto';
export * from './transforms';
export * from './analysis';
export * from './conversions';
export * from './metaRegression';
export * from './publicationBias';
export * from './sensitivity';
