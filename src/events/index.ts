export * from './types';
export * from './signing';
