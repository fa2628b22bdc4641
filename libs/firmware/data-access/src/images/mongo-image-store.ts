import { Connection, Model, Schema } from 'mongoose';
import { modelOn, timeOrderedId, type StoreClock } from '@acs/persistence';
import type { ImageMetadata } from '@acs/firmware-domain';
import {
  checkedMetadata,
  ImageContentExistsError,
  type FirmwareImage,
  type ImageContent,
  type ImagePage,
  type ImageStore,
} from './image-store';

/**
 * The metadata as JSON text, like the provisioning stores keep operator documents: its patterns
 * and notes are free text, and nothing is ever selected by them (the catalogue is read whole to
 * choose an image, which is small: images, not devices).
 */
interface ImageDocument {
  _id: string;
  metadata: string;
  createdAt: Date;
  content?: ImageContent;
}

const contentSchema = new Schema<ImageContent>(
  {
    fileId: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    storedAt: { type: Date, required: true },
  },
  { _id: false },
);

const imageSchema = new Schema<ImageDocument>(
  {
    _id: { type: String, required: true },
    metadata: { type: String, required: true },
    createdAt: { type: Date, required: true },
    content: { type: contentSchema, required: false },
  },
  { versionKey: false, autoIndex: false, timestamps: false },
);

function imageOf(document: ImageDocument): FirmwareImage {
  return {
    id: document._id,
    ...(JSON.parse(document.metadata) as ImageMetadata),
    createdAt: document.createdAt,
    ...(document.content ? { content: document.content } : {}),
  };
}

/** ImageStore on MongoDB through mongoose; `_id` is the image id (time-ordered). */
export class MongoImageStore implements ImageStore {
  private readonly now: () => Date;

  private constructor(
    private readonly model: Model<ImageDocument>,
    options: StoreClock,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  static async open(connection: Connection, options: StoreClock = {}): Promise<MongoImageStore> {
    const model = modelOn(connection, 'FirmwareImage', imageSchema, 'firmware_images');
    await model.createIndexes();
    return new MongoImageStore(model, options);
  }

  async create(metadata: ImageMetadata): Promise<FirmwareImage> {
    const checked = checkedMetadata(metadata);
    const createdAt = this.now();
    const id = timeOrderedId(createdAt);
    await this.model.create({ _id: id, metadata: JSON.stringify(checked), createdAt });
    return { id, ...checked, createdAt };
  }

  async get(id: string): Promise<FirmwareImage | null> {
    const document = await this.model.findById(id).lean<ImageDocument>();
    return document ? imageOf(document) : null;
  }

  async list(page: { limit: number; skip?: number }): Promise<ImagePage> {
    const [documents, total] = await Promise.all([
      this.model
        .find({})
        .sort({ _id: -1 })
        .skip(page.skip ?? 0)
        .limit(page.limit)
        .lean<ImageDocument[]>(),
      this.model.countDocuments({}),
    ]);
    return { images: documents.map(imageOf), total };
  }

  async recordContent(id: string, content: ImageContent): Promise<FirmwareImage | null> {
    // Conditional on the content being absent: of two uploads' records, one wins.
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id, content: { $exists: false } },
        { $set: { content } },
        { new: true },
      )
      .lean<ImageDocument>();
    if (updated) return imageOf(updated);
    const image = await this.get(id);
    if (image) throw new ImageContentExistsError(id);
    return null;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.model.deleteOne({ _id: id })).deletedCount > 0;
  }

  /** Nothing of its own to release: the connection belongs to the caller. */
  async close(): Promise<void> {
    return;
  }
}
