import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { FileStoreError, type PutExpectations } from './file-store';

/**
 * Counts and hashes what passes through, and stops the stream at the limits a put was given: the
 * one place both adapters learn a file's size and digest, so they agree on what "complete" is.
 */
export class DigestingPassThrough extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly expect: PutExpectations = {}) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    const limit = this.expect.maxBytes;
    if (limit !== undefined && this.bytes > limit)
      return done(new FileStoreError('too-large', `more than ${limit} bytes`));
    if (this.expect.size !== undefined && this.bytes > this.expect.size)
      return done(
        new FileStoreError('incomplete', `more than the ${this.expect.size} bytes declared`),
      );
    this.hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.expect.size !== undefined && this.bytes !== this.expect.size)
      return done(
        new FileStoreError('incomplete', `${this.bytes} of the ${this.expect.size} bytes declared`),
      );
    done();
  }

  /** Size and digest; valid once the stream has finished. */
  result(): { size: number; sha256: string } {
    return { size: this.bytes, sha256: this.hash.digest('hex') };
  }
}
