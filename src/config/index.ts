export * from './providers';
export * from './schema';
export * from './validate';
export * from './dispatch';
export * from './selfHosted';
export * from './cloudComplete';
