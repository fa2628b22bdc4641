export * from './download-access';
