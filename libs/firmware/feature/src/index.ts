export * from './file-server';
export * from './campaigns';
