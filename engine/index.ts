// The reference engine: pure float64 TypeScript, no I/O, no imports outside engine/.
export * from './types.ts';
export * from './random.ts';
export * from './linalg.ts';
export * from './softmax.ts';
export * from './special.ts';
export * from './tokens.ts';
export * from './attention.ts';
export * from './position.ts';
export * from './transformer.ts';
export * from './llm.ts';
export * from './vision.ts';
export * from './sam.ts';
export * from './allclose.ts';
export * from './registry.ts';
export * from './validate.ts';
export * from './helpers.ts';
export * from './generate.ts';
export * as generate from './generate.ts';
