import { boundaryErrorLines } from '@acs/testing';

// The codec is a pure library: the lint configuration must refuse infrastructure imports in it.
const boundaryErrors = (source: string) =>
  boundaryErrorLines('libs/cwmp/codec/src/boundary-probe.ts', source);

describe('module boundaries of the codec', () => {
  it('refuses imports of NestJS, Kafka, Redis and MongoDB clients, and of the test harness', () => {
    const source = ['kafkajs', 'ioredis', 'mongoose', '@nestjs/common', '@acs/testing']
      .map(
        (module, index) =>
          `import * as m${index} from '${module}';\nexport const p${index} = m${index};`,
      )
      .join('\n');
    // One import per odd line: every one of them is refused.
    expect(boundaryErrors(source)).toEqual([1, 3, 5, 7, 9]);
  }, 60_000);

  it('accepts libxmljs2', () => {
    expect(boundaryErrors(`import * as m from 'libxmljs2';\nexport const probe = m;\n`)).toEqual(
      [],
    );
  });
});
