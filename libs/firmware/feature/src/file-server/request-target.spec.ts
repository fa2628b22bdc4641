import { parseRequestTarget } from './request-target';

describe('parseRequestTarget', () => {
  it('names a file or an upload with its query', () => {
    const file = parseRequestTarget('/files/fw-1.2.bin?d=DEV&e=1&s=x');
    expect(file).toMatchObject({ kind: 'file', fileId: 'fw-1.2.bin' });
    expect(file.kind === 'file' && file.query.get('d')).toBe('DEV');
    expect(parseRequestTarget('/uploads/u_1?d=DEV')).toMatchObject({
      kind: 'upload',
      uploadId: 'u_1',
    });
    expect(parseRequestTarget('/files/%66w.bin')).toMatchObject({ kind: 'file', fileId: 'fw.bin' });
  });

  it('refuses path tricks', () => {
    for (const target of [
      '/files/../meta/x.json',
      '/files/..',
      '/files/.',
      '/files/%2e%2e',
      '/files/..%2Fmeta',
      '/files/a%2fb',
      '/files/a%5Cb',
      '/files/a\\b',
      '/files/a%00',
      '/files/a%252Fb',
      '/files/%E0%A4%A',
      'files/x',
      'http://evil/files/x',
    ])
      expect(parseRequestTarget(target)).toMatchObject({ kind: 'invalid' });
  });

  it('knows nothing but file and upload paths, so there is nothing to list', () => {
    for (const target of [
      '/',
      '/files',
      '/files/',
      '/files//x',
      '/files/x/y',
      '/other/x',
      '/files/.hidden',
      '/uploads/a.b',
    ])
      expect(parseRequestTarget(target)).toEqual({ kind: 'unknown' });
  });
});
