// Public face of the contract. Layer: shared.
export * from './contract';
export * from './names';
export * from './result';
export * from './limits';
