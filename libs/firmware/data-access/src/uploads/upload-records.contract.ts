import type { UploadRecord, UploadRecords } from './upload-records';

/** How a contract suite gets records over empty storage; cleanup runs after each test. */
export interface UploadRecordsHarness {
  create(): Promise<UploadRecords>;
  cleanup(): Promise<void>;
}

function upload(uploadId: string, deviceId: string, receivedAt: string): UploadRecord {
  return {
    uploadId,
    deviceId,
    fileType: '1 Vendor Configuration File',
    fileId: `upload-${uploadId}`,
    size: 1234,
    sha256: 'ab'.repeat(32),
    receivedAt: new Date(receivedAt),
  };
}

/** The behaviour of every UploadRecords adapter; run by each adapter's spec. */
export function uploadRecordsContract(name: string, harness: UploadRecordsHarness): void {
  describe(`${name}: upload records contract`, () => {
    let records: UploadRecords;
    // Creating a scratch database on FerretDB can take seconds on a busy machine.
    beforeEach(async () => {
      records = await harness.create();
    }, 30_000);
    afterEach(async () => {
      await records.close();
      await harness.cleanup();
    });

    it("lists a device's uploads newest first, with every field as added", async () => {
      const older = upload('u1', 'DEV-1', '2026-01-01T10:00:00.000Z');
      const newer = {
        ...upload('u2', 'DEV-1', '2026-01-02T10:00:00.000Z'),
        fileType: '2 Vendor Log File',
        size: 0,
      };
      await records.add(older);
      await records.add(newer);
      expect(await records.listForDevice('DEV-1')).toEqual([newer, older]);
    });

    it("keeps devices apart, also when one id starts with another's", async () => {
      await records.add(upload('a', 'DEV-1', '2026-01-01T10:00:00.000Z'));
      await records.add(upload('b', 'DEV-10', '2026-01-01T11:00:00.000Z'));
      await records.add(upload('c', 'DEV 1/x', '2026-01-01T12:00:00.000Z'));
      expect((await records.listForDevice('DEV-1')).map((r) => r.uploadId)).toEqual(['a']);
      expect((await records.listForDevice('DEV-10')).map((r) => r.uploadId)).toEqual(['b']);
      expect((await records.listForDevice('DEV 1/x')).map((r) => r.uploadId)).toEqual(['c']);
      expect(await records.listForDevice('DEV-2')).toEqual([]);
    });

    it("forgets one of a device's uploads, and not another device's", async () => {
      await records.add(upload('a', 'DEV-1', '2026-01-01T10:00:00.000Z'));
      await records.add(upload('b', 'DEV-1', '2026-01-01T11:00:00.000Z'));
      expect(await records.delete('DEV-2', 'a')).toBe(false);
      expect(await records.delete('DEV-1', 'a')).toBe(true);
      expect(await records.delete('DEV-1', 'a')).toBe(false);
      expect((await records.listForDevice('DEV-1')).map((r) => r.uploadId)).toEqual(['b']);
    });

    it('refuses a second record of one upload id and keeps the first', async () => {
      const first = upload('u1', 'DEV-1', '2026-01-01T10:00:00.000Z');
      await records.add(first);
      // Matched by message, not class: a driver's error may come from another realm (Jest's VM
      // contexts share native modules), where toThrow's instanceof check fails.
      await expect(
        records.add({ ...upload('u1', 'DEV-1', '2026-01-03T10:00:00.000Z'), size: 9 }),
      ).rejects.toMatchObject({ message: expect.stringMatching(/unique|duplicate/i) });
      expect(await records.listForDevice('DEV-1')).toEqual([first]);
    });
  });
}
