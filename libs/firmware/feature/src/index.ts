export * from './file-server';
export * from './campaigns';
export * from './tasks';
