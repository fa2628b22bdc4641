export { resolveByteRange, type RangeRequest } from './byte-range';
export { startFileServer, type FileServerConfig, type RunningFileServer } from './file-server';
export { uploadFileId } from './receive-upload';
