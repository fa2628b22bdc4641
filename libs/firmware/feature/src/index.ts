export * from './file-server';
