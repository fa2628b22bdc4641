import { bbfModelsPresent, readBbfModel, TR098_FULL, TR181_FULL } from '@acs/testing';
import { Profile } from '../model/profile';
import { TR098_INTERNET_GATEWAY } from './tr098';
import { TR181_HOME_GATEWAY } from './tr181';

function mismatches(profile: Profile, file: string): string[] {
  const bbf = readBbfModel(file);
  const problems: string[] = [];
  for (const [path, entry] of profile.index) {
    if (entry.role === 'table' && entry.node.writable !== bbf.writableTables.has(path)) {
      problems.push(`${path}: table writable ${entry.node.writable}, BBF ${!entry.node.writable}`);
    }
    if (entry.role !== 'param') continue;
    const expected = bbf.parameters.get(path);
    if (!expected) problems.push(`${path}: not in the BBF model`);
    else if (expected.writable !== entry.node.writable)
      problems.push(`${path}: writable ${entry.node.writable}, BBF ${expected.writable}`);
    else if ((expected.list ? 'string' : expected.type) !== entry.node.type)
      // A list travels as a comma-separated xsd:string whatever its items' type.
      problems.push(`${path}: type ${entry.node.type}, BBF ${expected.type}`);
  }
  return problems;
}

const withBbf = bbfModelsPresent() ? describe : describe.skip;

withBbf('profiles against the BBF data models (skipped without shared/data/bbf)', () => {
  it('TR-181 home gateway: every parameter exists with the BBF access and type', () => {
    expect(mismatches(TR181_HOME_GATEWAY, TR181_FULL)).toEqual([]);
  }, 30_000);

  it('TR-098 InternetGatewayDevice: every parameter exists with the BBF access and type', () => {
    expect(mismatches(TR098_INTERNET_GATEWAY, TR098_FULL)).toEqual([]);
  }, 30_000);
});
