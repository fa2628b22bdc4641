export * from './errors';
export { CreateImage, DeleteImage, GetImage, ListImages, wholeCatalogue } from './catalogue';
export type { CataloguePorts } from './catalogue';
export { UploadImageContent } from './upload-image-content';
export type { ImageUpload, UploadImageContentPorts } from './upload-image-content';
export { ChooseImageForDevice, FindImagesMatchingNoDevice } from './choose-image';
export type { DeviceImageChoice, ImageChoicePorts, UnmatchedImages } from './choose-image';
export * from './campaigns';
export * from './backups';
