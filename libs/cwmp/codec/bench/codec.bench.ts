/**
 * bench:codec — decode and encode throughput of the CWMP codec against a floor measured in the same
 * run: a bare libxmljs2.parseXml of the same bytes. Absolute figures drift on shared machines; the
 * ratio decode/bare is what the bar (>= 0.4 for the Inform) is set on.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Element, parseXml } from 'libxmljs2';
import { decodeEnvelope, encodeEnvelope, ParameterValue } from '../src';
import { elementChildren, parseDocumentRoot, toPlainNode } from '../src/xml/document';
import { sanitizeXml } from '../src/xml/guard';
import { DEFAULT_DECODE_LIMITS } from '../src/xml/limits';
import { gpvResponseXml, spvParameters } from './payloads';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 400);

/** Operations per second of `fn`, as the median of interleaved timed rounds. */
function measure<K extends string>(fns: Record<K, () => unknown>): Record<K, number> {
  const samples: Record<string, number[]> = {};
  for (const name of Object.keys(fns)) samples[name] = [];
  for (const fn of Object.values<() => unknown>(fns)) for (let i = 0; i < 200; i++) fn();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(fns) as [K, () => unknown][]) {
      let ops = 0;
      const start = process.hrtime.bigint();
      const deadline = start + BigInt(ROUND_MS) * 1_000_000n;
      let now = start;
      while (now < deadline) {
        for (let i = 0; i < 50; i++) fn();
        ops += 50;
        now = process.hrtime.bigint();
      }
      (samples[name] as number[]).push(ops / (Number(now - start) / 1e9));
    }
  }
  const medians = {} as Record<K, number>;
  for (const [name, values] of Object.entries(samples) as [K, number[]][]) {
    values.sort((a, b) => a - b);
    medians[name] = values[Math.floor(values.length / 2)] as number;
  }
  return medians;
}

function mustDecode(xml: string): void {
  const result = decodeEnvelope(xml, { from: 'cpe' });
  if (!result.ok) throw new Error(`benchmark payload does not decode: ${result.error.message}`);
}

const informXml = readFileSync(
  join(import.meta.dirname, '../src/fixtures/cpe/Inform/tr181-boot.xml'),
  'utf8',
);
const gpvXml = gpvResponseXml(500);
const spv: ParameterValue[] = spvParameters(50);
const spvMessage = { type: 'SetParameterValues' as const, parameters: spv, parameterKey: 'bench' };
const spvXml = encodeEnvelope({ header: { id: '1' }, message: spvMessage });
mustDecode(informXml);
mustDecode(gpvXml);

const decodeOptions = { from: 'cpe' as const };
// Where the Inform decode's time goes: each stage adds one step to the one before.
const method = (xml: string): Element => {
  const body = elementChildren(parseDocumentRoot(xml)).find((child) => child.name() === 'Body');
  return elementChildren(body as Element)[0] as Element;
};
const figures = measure({
  stageSanitize: () => sanitizeXml(informXml, DEFAULT_DECODE_LIMITS),
  stageParse: () => parseDocumentRoot(sanitizeXml(informXml, DEFAULT_DECODE_LIMITS)),
  stageSerialize: () => method(sanitizeXml(informXml, DEFAULT_DECODE_LIMITS)).toString(false),
  stageScan: () => toPlainNode(method(sanitizeXml(informXml, DEFAULT_DECODE_LIMITS))),
  informBare: () => parseXml(informXml),
  informDecode: () => decodeEnvelope(informXml, decodeOptions),
  gpvBare: () => parseXml(gpvXml),
  gpvDecode: () => decodeEnvelope(gpvXml, decodeOptions),
  spvEncode: () => encodeEnvelope({ header: { id: '1' }, message: spvMessage }),
  spvBare: () => parseXml(spvXml),
});

const us = (opsPerSecond: number) => (1e6 / opsPerSecond).toFixed(1);
const round = (value: number) => Math.round(value);
const informParams = informXml.match(/<ParameterValueStruct>/g)?.length ?? 0;

console.log(
  `payloads: Inform ${Buffer.byteLength(informXml)} B with ${informParams} parameters; GPV response ${Buffer.byteLength(gpvXml)} B with 500 parameters; SPV ${Buffer.byteLength(spvXml)} B with 50 parameters`,
);
console.log(`rounds: ${ROUNDS} x ${ROUND_MS} ms per case, interleaved, median`);
console.log(
  `inform decode stages (cumulative us): sanitize ${us(figures.stageSanitize)}, +parse ${us(figures.stageParse)}, ` +
    `+envelope walk and serialize ${us(figures.stageSerialize)}, +scan to plain nodes ${us(figures.stageScan)}, +message decode ${us(figures.informDecode)}`,
);
console.log(`inform_decode_ops_per_s ${round(figures.informDecode)}`);
console.log(`inform_decode_us ${us(figures.informDecode)}`);
console.log(`inform_bare_parse_ops_per_s ${round(figures.informBare)}`);
console.log(`inform_decode_ratio ${(figures.informDecode / figures.informBare).toFixed(2)}`);
console.log(`gpv500_decode_ops_per_s ${round(figures.gpvDecode)}`);
console.log(`gpv500_decode_us ${us(figures.gpvDecode)}`);
console.log(`gpv500_bare_parse_ops_per_s ${round(figures.gpvBare)}`);
console.log(`gpv500_decode_ratio ${(figures.gpvDecode / figures.gpvBare).toFixed(2)}`);
console.log(`spv50_encode_ops_per_s ${round(figures.spvEncode)}`);
console.log(`spv50_encode_us ${us(figures.spvEncode)}`);
console.log(`spv50_bare_parse_ops_per_s ${round(figures.spvBare)}`);
console.log(`spv50_encode_ratio ${(figures.spvEncode / figures.spvBare).toFixed(2)}`);
