import { asksForHelp, parseCliOptions, USAGE, UsageError } from './cli-options';

describe('parseCliOptions', () => {
  it('builds simulator options from flags', () => {
    const options = parseCliOptions([
      '--acs',
      'http://127.0.0.1:7547/',
      '--devices',
      '100',
      '--profile',
      'tr098',
      '--serial',
      'LAB%04d',
      '--concurrency',
      '20',
      '--periodic',
      '60',
      '--quirks',
      'no-cookies,latin1,no-preemptive-auth',
      '--duration',
      '30',
      '--cwmp-versions',
      '1.0, 1.4',
      '--processes',
      '2',
    ]);
    expect(options.durationSeconds).toBe(30);
    expect(options.processes).toBe(2);
    expect(options.simulator).toMatchObject({
      acsUrl: 'http://127.0.0.1:7547/',
      devices: 100,
      profile: 'tr098',
      serialPattern: 'LAB%04d',
      concurrency: 20,
      periodicIntervalSeconds: 60,
      quirks: {
        noCookies: true,
        latin1Bodies: true,
        noPreemptiveAuth: true,
        supportedCwmpVersions: ['1.0', '1.4'],
      },
      connectionRequests: false,
    });
  });

  it.each([
    [[], '--acs is required'],
    [['--acs', 'not a url'], '--acs is not a URL'],
    [['--acs', 'http://x/', '--devices', 'ten'], '--devices must be an integer'],
    [['--acs', 'http://x/', '--profile', 'tr104'], '--profile must be tr181 or tr098'],
    [['--acs', 'http://x/', '--quirks', 'telepathy'], 'unknown quirk "telepathy"'],
    [['--acs', 'http://x/', '--bogus'], 'Unknown option'],
    [['--acs', 'http://x/', '--cwmp-versions', '1.4,2.0'], '--cwmp-versions must list'],
    [['--acs', 'http://x/', '--processes', '0'], '--processes must be an integer >= 1'],
    [['--acs', 'http://x/', '--firmware-failure', '0.3'], 'expected share:mode'],
    [['--acs', 'http://x/', '--firmware-failure', 'lots:9010'], 'share must be a number'],
    [['--acs', 'http://x/', '--firmware-failure', '0.3:explode'], 'unknown firmware failure mode'],
    [['--acs', 'http://x/', '--firmware-failure', '130%:9010'], 'between 0 and 1'],
    [
      ['--acs', 'http://x/', '--firmware-failure', '0.6:9010', '--firmware-failure', '0.6:9018'],
      'add up to',
    ],
    [['--acs', 'http://x/', '--diag-loss', '1.5'], '--diag-loss must be between 0 and 1'],
    [['--acs', 'http://x/', '--diag-latency', 'fast'], '--diag-latency must be'],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(UsageError);
    expect(() => parseCliOptions(argv)).toThrow(message);
  });

  it('gives one process, and devices without connection-request listeners, by default', () => {
    const options = parseCliOptions(['--acs', 'http://x/']);
    expect(options.processes).toBe(1);
    expect(options.simulator.connectionRequests).toBe(false);
    expect(
      parseCliOptions(['--acs', 'http://x/', '--cr-host', '127.0.0.1']).simulator,
    ).toMatchObject({
      connectionRequests: { host: '127.0.0.1' },
    });
  });
});

describe('diagnostics options', () => {
  it('reads latency, loss, hops and throughput; none given leaves the defaults', () => {
    const options = parseCliOptions([
      '--acs',
      'http://x/',
      '--diag-latency',
      '30:10',
      '--diag-loss',
      '0.05',
      '--diag-hops',
      '9',
      '--diag-throughput',
      '50000000',
    ]);
    expect(options.simulator.diagnostics).toEqual({
      latencyMs: { mean: 30, jitter: 10 },
      lossRate: 0.05,
      hops: 9,
      throughputBps: 50_000_000,
    });
    expect(parseCliOptions(['--acs', 'http://x/']).simulator.diagnostics).toBeUndefined();
  });
});

describe('firmware options', () => {
  it('reads firmware failure rules, the model and the factory version', () => {
    const options = parseCliOptions([
      '--acs',
      'http://x/',
      '--firmware-failure',
      '30%:9010:Model-X:2.1.0',
      '--firmware-failure',
      '0.1:no-transfer-complete',
      '--firmware-failure',
      '0.05:silent::3.0',
      '--product-class',
      'Model-X',
      '--hardware-version',
      'HW-2',
      '--software-version',
      '2.0.0',
      '--quirks',
      'empty-transfer-command-key',
    ]);
    expect(options.simulator).toMatchObject({
      firmwareFailures: [
        { share: 0.3, mode: '9010', productClass: 'Model-X', onlyVersion: '2.1.0' },
        { share: 0.1, mode: 'no-transfer-complete' },
        { share: 0.05, mode: 'silent', onlyVersion: '3.0' },
      ],
      productClass: 'Model-X',
      hardwareVersion: 'HW-2',
      softwareVersion: '2.0.0',
      quirks: { emptyTransferCommandKey: true },
    });
    expect(options.simulator.firmwareFailures?.[2]).not.toHaveProperty('productClass');
  });

  it('documents them in the usage', () => {
    for (const flag of [
      '--firmware-failure',
      '--product-class',
      '--software-version',
      'empty-transfer-command-key',
    ])
      expect(USAGE).toContain(flag);
  });
});

describe('asksForHelp', () => {
  it.each([[['--help']], [['-h']], [['--acs', 'http://x/', '--help']], [['--bogus', '-h']]])(
    'sees a request for the usage in %j',
    (argv) => expect(asksForHelp(argv)).toBe(true),
  );

  it('sees none in an ordinary command line', () => {
    expect(asksForHelp(['--acs', 'http://x/', '--devices', '10'])).toBe(false);
  });
});
