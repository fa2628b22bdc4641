import { CWMP_DOWNLOAD_FILE_TYPES, fileTypeProblem } from './file-type';
import { imageMetadataProblems, type ImageMetadata } from './image-metadata';
import {
  chooseImage,
  imagesMatchingNoDevice,
  previousImage,
  type CandidateImage,
} from './select-image';

describe('fileTypeProblem', () => {
  it.each([...CWMP_DOWNLOAD_FILE_TYPES, 'X 00259E ONT Firmware', 'X A0B1C2 cfg', 'X 00259E a b c'])(
    'accepts %j',
    (fileType) => expect(fileTypeProblem(fileType)).toBeNull(),
  );
  it.each([
    '1 Firmware upgrade image',
    '1',
    'Firmware Upgrade Image',
    'X 00259e name',
    'X 00259E',
    'X 00259E ',
    'X 0259E name',
    'X  00259E name',
    `X 00259E ${'n'.repeat(60)}`,
    '',
  ])('refuses %j', (fileType) => expect(fileTypeProblem(fileType)).toEqual(expect.any(String)));
});

describe('imageMetadataProblems', () => {
  const valid: ImageMetadata = {
    version: 'V300R019C10SPC120',
    fileType: '1 Firmware Upgrade Image',
    releaseNotes: 'Fixes the 2.4 GHz channel scan.',
    rules: { ouis: ['00259E'], productClasses: ['HG8245*'], appliesOver: '>=V300R019C10' },
  };
  it('accepts valid metadata', () => expect(imageMetadataProblems(valid)).toEqual([]));

  const cases: [string, Partial<ImageMetadata>, string[]][] = [
    ['an empty version', { version: '' }, ['version']],
    ['a padded version', { version: ' 2.0' }, ['version']],
    ['a version with a newline', { version: '2.0\n' }, ['version']],
    ['a long version', { version: '1'.repeat(65) }, ['version']],
    ['an unknown file type', { fileType: 'firmware' }, ['fileType']],
    ['long release notes', { releaseNotes: 'x'.repeat(64 * 1024 + 1) }, ['releaseNotes']],
    ['no OUI', { rules: { ouis: [] } }, ['rules.ouis']],
    [
      'a bad OUI',
      { rules: { ouis: ['00259E', '00259e', 'ZZ'] } },
      ['rules.ouis[1]', 'rules.ouis[2]'],
    ],
    [
      'an empty pattern',
      { rules: { ouis: ['00259E'], hardwareVersions: [''] } },
      ['rules.hardwareVersions[0]'],
    ],
    [
      'too many patterns',
      { rules: { ouis: ['00259E'], productClasses: Array(101).fill('A') as string[] } },
      ['rules.productClasses'],
    ],
    [
      'a bad constraint',
      { rules: { ouis: ['00259E'], appliesOver: '>= two' } },
      ['rules.appliesOver'],
    ],
    [
      'several at once',
      { version: '', fileType: '7', rules: { ouis: [] } },
      ['version', 'fileType', 'rules.ouis'],
    ],
  ];
  it.each(cases)('names the fields of %s', (_name, change, fields) => {
    const problems = imageMetadataProblems({ ...valid, ...change });
    expect(problems.map((problem) => problem.field)).toEqual(fields);
    for (const problem of problems) expect(problem.message).not.toBe('');
  });
});

const image = (
  id: string,
  version: string,
  rules: Partial<CandidateImage['rules']> = {},
  more: Partial<CandidateImage> = {},
): CandidateImage => ({
  id,
  version,
  fileType: '1 Firmware Upgrade Image',
  rules: { ouis: ['00259E'], productClasses: ['HG8245*'], ...rules },
  hasContent: true,
  ...more,
});

describe('chooseImage', () => {
  const library = [
    image('v3', '3.0', { appliesOver: '2.x' }),
    image('v2.1', '2.1'),
    image('v2.0', '2.0'),
    image('v2.0-rc1', '2.0-rc1'),
    image('v1.9-old', '1.9', { allowDowngrade: true }),
    image('v4-empty', '4.0', {}, { hasContent: false }),
    image('v5-web', '5.0', {}, { fileType: '2 Web Content' }),
    image('other-model', '9.0', { productClasses: ['EG8145*'] }),
  ];
  const device = (softwareVersion?: string) => ({
    oui: '00259E',
    productClass: 'HG8245H',
    hardwareVersion: '10C7.A',
    ...(softwareVersion === undefined ? {} : { softwareVersion }),
  });
  const cases: [string, string | undefined, string | undefined, string][] = [
    ['newest that applies over 2.0', '2.0', undefined, 'install v3'],
    ['3.0 needs 2.x first', '1.8', undefined, 'install v2.1'],
    ['already on the newest', '3.0', undefined, 'current v3'],
    ['newer than the library', '3.5', undefined, 'none no-newer-image'],
    ['a release candidate moves to the release', '2.0-rc1', undefined, 'install v3'],
    ['no current version', undefined, undefined, 'none unknown-current-version'],
    ['target 2.1 from 1.8', '1.8', '2.1', 'install v2.1'],
    ['target already run', 'v2.1.0', '2.1', 'current v2.1'],
    ['target 2.0 would downgrade', '2.1', '2.0', 'none downgrade'],
    ['target 1.9 allows downgrade', '2.1', '1.9', 'install v1.9-old'],
    ['target 3.0 not over 1.8', '1.8', '3.0', 'none not-over-current'],
    ['target not in the library', '2.0', '2.5', 'none target-not-in-library'],
    ['target without content', '2.0', '4.0', 'none target-not-in-library'],
    ['target of another file type', '2.0', '5.0', 'none target-not-in-library'],
  ];
  it.each(cases)('%s', (_name, current, targetVersion, expected) => {
    const choice = chooseImage(
      device(current),
      library,
      targetVersion === undefined ? {} : { targetVersion },
    );
    const said =
      choice.outcome === 'none' ? `none ${choice.reason}` : `${choice.outcome} ${choice.image.id}`;
    expect(said).toBe(expected);
  });

  it('finds nothing for a model no image names', () => {
    expect(
      chooseImage({ oui: 'A0B1C2', productClass: 'HG8245H', softwareVersion: '1.0' }, library),
    ).toEqual({
      outcome: 'none',
      reason: 'no-image-for-model',
    });
  });

  it('prefers the earlier of two images of one version', () => {
    const twins = [image('first', '2.2'), image('second', '2.2.0')];
    expect(chooseImage(device('2.0'), twins)).toMatchObject({ image: { id: 'first' } });
  });
});

describe('previousImage', () => {
  it("finds the model's image of the version, a downgrade its rules would refuse included", () => {
    const model = { oui: '00259e', productClass: 'HG8245H' };
    const library = [
      image('v2.0-empty', '2.0', {}, { hasContent: false }),
      image('v2.0-web', '2.0', {}, { fileType: '2 Web Content' }),
      image('v2.0-other', '2.0', { productClasses: ['EG8145*'] }),
      image('v2.0', '2.0', { appliesOver: '1.x' }),
    ];
    expect(previousImage(model, library, '2.0.0')?.id).toBe('v2.0');
    expect(previousImage(model, library, '1.9')).toBeNull();
  });
});

describe('imagesMatchingNoDevice', () => {
  it('reports the images whose rules name none of the models seen', () => {
    const images = [
      image('hg8245', '1.0'),
      image('eg8145', '1.0', { productClasses: ['EG8145V5'] }),
      image('rev-b-only', '1.0', { hardwareVersions: ['REV B'] }),
      image('other-vendor', '1.0', { ouis: ['A0B1C2'] }),
    ];
    const models = [
      { oui: '00259E', productClass: 'HG8245H', hardwareVersion: 'REV A' },
      { oui: '00259E', productClass: 'HG8245Q' },
    ];
    expect(imagesMatchingNoDevice(images, models).map((i) => i.id)).toEqual([
      'eg8145',
      'rev-b-only',
      'other-vendor',
    ]);
    expect(imagesMatchingNoDevice(images, []).length).toBe(4);
  });
});
