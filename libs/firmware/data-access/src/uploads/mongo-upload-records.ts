import { Schema, type Connection, type Model } from 'mongoose';
import { findEachById, modelOn } from '@acs/persistence';
import type { UploadRecord, UploadRecords } from './upload-records';

interface UploadDocument {
  /** The upload id. */
  _id: string;
  deviceId: string;
  fileType: string;
  fileId: string;
  size: number;
  sha256: string;
  receivedAt: Date;
}

/** One per device: its upload ids, in the order they were added. */
interface DeviceUploadsDocument {
  /** The device id. */
  _id: string;
  uploadIds: string[];
}

const uploadSchema = new Schema<UploadDocument>(
  {
    _id: { type: String, required: true },
    deviceId: { type: String, required: true },
    fileType: { type: String, required: true },
    fileId: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false, autoIndex: false, timestamps: false },
);

const deviceUploadsSchema = new Schema<DeviceUploadsDocument>(
  { _id: { type: String, required: true }, uploadIds: { type: [String], required: true } },
  { versionKey: false, autoIndex: false, timestamps: false },
);

function recordOf(document: UploadDocument): UploadRecord {
  return {
    uploadId: document._id,
    deviceId: document.deviceId,
    fileType: document.fileType,
    fileId: document.fileId,
    size: document.size,
    sha256: document.sha256,
    receivedAt: new Date(document.receivedAt),
  };
}

/**
 * UploadRecords on MongoDB. Every read is a lookup by `_id`, the one query FerretDB pushes down
 * (docs/architecture.md): a device's list is its index document, then one point read per upload.
 * The record is written before the index entry, so a listed id always has its record; a crash in
 * between leaves a record nobody lists (its upload is answered 500 and retried by the CPE).
 */
export class MongoUploadRecords implements UploadRecords {
  private constructor(
    private readonly uploads: Model<UploadDocument>,
    private readonly devices: Model<DeviceUploadsDocument>,
  ) {}

  static open(connection: Connection): MongoUploadRecords {
    return new MongoUploadRecords(
      modelOn(connection, 'FirmwareUpload', uploadSchema, 'firmware_uploads'),
      modelOn(connection, 'FirmwareDeviceUploads', deviceUploadsSchema, 'firmware_device_uploads'),
    );
  }

  async add(record: UploadRecord): Promise<void> {
    await this.uploads.create({
      _id: record.uploadId,
      deviceId: record.deviceId,
      fileType: record.fileType,
      fileId: record.fileId,
      size: record.size,
      sha256: record.sha256,
      receivedAt: record.receivedAt,
    });
    await this.devices.updateOne(
      { _id: record.deviceId },
      { $push: { uploadIds: record.uploadId } },
      { upsert: true },
    );
  }

  async delete(deviceId: string, uploadId: string): Promise<boolean> {
    // Out of the device's index first: a listing never names an upload that is being deleted.
    await this.devices.updateOne({ _id: deviceId }, { $pull: { uploadIds: uploadId } });
    return (await this.uploads.deleteOne({ _id: uploadId, deviceId })).deletedCount > 0;
  }

  async listForDevice(deviceId: string): Promise<UploadRecord[]> {
    const index = await this.devices.findById(deviceId).lean<DeviceUploadsDocument>();
    if (!index) return [];
    const found = await findEachById<UploadDocument>(this.uploads, index.uploadIds, null);
    return [...found.values()]
      .map(recordOf)
      .sort(
        (a, b) =>
          b.receivedAt.getTime() - a.receivedAt.getTime() || (a.uploadId < b.uploadId ? 1 : -1),
      );
  }

  /** Nothing to release: the connection is the caller's, who closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
