import { CwmpSchemaValidator, bbfSchemasPresent } from '../../test-support/xsd-validator';
import { ACS_FAULT_SAMPLES, SAMPLES } from '../../test-support/samples';
import {
  CwmpMessage,
  CwmpVersion,
  encodeEnvelope,
  methodExistsIn,
  namespaceOfVersion,
  isSentBy,
} from '../index';

const VERSIONS: CwmpVersion[] = ['1.0', '1.1', '1.2'];
const present = bbfSchemasPresent();
const describeWithSchemas = present ? describe : describe.skip;

function cases(sender: 'acs' | 'cpe'): [string, CwmpVersion, CwmpMessage][] {
  const out: [string, CwmpVersion, CwmpMessage][] = [];
  for (const message of Object.values(SAMPLES) as CwmpMessage[]) {
    if (!isSentBy(sender, message.type)) continue;
    for (const version of VERSIONS) {
      if (message.type === 'Fault' || methodExistsIn(version, message.type))
        out.push([message.type, version, message]);
    }
  }
  if (sender === 'acs') {
    for (const fault of ACS_FAULT_SAMPLES) {
      for (const version of VERSIONS) {
        // CWMP 1.0's schema ends the ACS fault range at 8005.
        if (fault.faultCode === 8006 && version === '1.0') continue;
        out.push([`Fault ${fault.faultCode}`, version, fault]);
      }
    }
  }
  return out;
}

describeWithSchemas(
  `encoded envelopes validate against the BBF CWMP schemas${present ? '' : ' (skipped: ../shared/data/bbf is absent)'}`,
  () => {
    let validator: CwmpSchemaValidator;
    beforeAll(() => {
      validator = new CwmpSchemaValidator();
    });
    afterAll(() => validator?.dispose());

    it.each(cases('acs'))('ACS message %s in CWMP %s', (_name, version, message) => {
      const namespace = namespaceOfVersion(version);
      const xml = encodeEnvelope({ namespace, header: { id: 'acs-1' }, message });
      expect(validator.validate(xml, namespace)).toEqual([]);
    });

    it.each(cases('cpe'))('CPE message %s in CWMP %s', (_name, version, message) => {
      const namespace = namespaceOfVersion(version);
      const xml = encodeEnvelope({ namespace, header: { id: 'cpe-1' }, message });
      expect(validator.validate(xml, namespace)).toEqual([]);
    });

    it('validates with device-class encoder options (booleans as 1/0, no fractions, NextLevel as 0/1)', () => {
      const namespace = namespaceOfVersion('1.2');
      const options = { booleansAsDigits: true, dateTimeFractions: false, nextLevelAsDigit: true };
      for (const message of [
        SAMPLES.SetParameterValues,
        SAMPLES.GetParameterNames,
        SAMPLES.SetParameterAttributes,
      ]) {
        expect(
          validator.validate(
            encodeEnvelope({ namespace, header: { id: '1' }, message }, options),
            namespace,
          ),
        ).toEqual([]);
      }
    });

    it('validates the CWMP 1.3/1.4 headers: HoldRequests, SessionTimeout, SupportedCWMPVersions, UseCWMPVersion', () => {
      const namespace = namespaceOfVersion('1.4');
      const xml = encodeEnvelope({
        namespace,
        header: { id: 'x', holdRequests: true, sessionTimeout: 60, useCwmpVersion: '1.4' },
        message: SAMPLES.InformResponse,
      });
      expect(validator.validate(xml, namespace)).toEqual([]);
      const inform = encodeEnvelope({
        namespace,
        header: { id: 'y', supportedCwmpVersions: ['1.0', '1.2', '1.4'] },
        message: SAMPLES.Inform,
      });
      expect(validator.validate(inform, namespace)).toEqual([]);
    });

    it('rejects an envelope that breaks the schema (the validator is not a rubber stamp)', () => {
      const namespace = namespaceOfVersion('1.2');
      const xml = encodeEnvelope({
        namespace,
        header: { id: '1' },
        message: SAMPLES.SetParameterValuesResponse,
      }).replace('<Status>0</Status>', '<Status>7</Status>');
      expect(validator.validate(xml, namespace).length).toBeGreaterThan(0);
      const reordered = encodeEnvelope({
        namespace,
        header: { id: '1' },
        message: SAMPLES.AddObject,
      }).replace(
        /<ObjectName>(.*)<\/ObjectName><ParameterKey>(.*)<\/ParameterKey>/,
        '<ParameterKey>$2</ParameterKey><ObjectName>$1</ObjectName>',
      );
      expect(validator.validate(reordered, namespace).length).toBeGreaterThan(0);
    });
  },
);
