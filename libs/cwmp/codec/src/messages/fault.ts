import { StructReader } from '../xml/reader';
import { element, unsignedElement } from '../xml/writer';
import { soapFaultClass, standardFaultString } from './fault-codes';

export interface SetParameterValuesFault {
  parameterName: string;
  faultCode: number;
  faultString: string;
}

/**
 * A SOAP fault carrying a CWMP Fault: the CPE's answer to an RPC it could not perform, or the
 * ACS's answer to a CPE request (8000-8006). A fault ends that one RPC, not the session.
 */
export interface Fault {
  type: 'Fault';
  /** SOAP faultcode: `Client` or `Server` (prefix dropped). */
  soapFaultCode: string;
  /** SOAP faultstring, normally `CWMP fault`. */
  soapFaultString: string;
  faultCode: number;
  faultString: string;
  /** Per-parameter faults of a failed SetParameterValues; often missing, never required. */
  setParameterValuesFaults: SetParameterValuesFault[];
}

/** A Fault with the standard strings for a code. */
export function faultOf(faultCode: number, faultString = standardFaultString(faultCode)): Fault {
  return {
    type: 'Fault',
    soapFaultCode: soapFaultClass(faultCode),
    soapFaultString: 'CWMP fault',
    faultCode,
    faultString,
    setParameterValuesFaults: [],
  };
}

/**
 * Reads `soap:Fault` (faultcode, faultstring, detail/cwmp:Fault). Tolerates stacks that put the
 * CWMP Fault straight into the Body and faults without a detail (code 0, SOAP string kept).
 */
export function readFault(fault: StructReader): Fault {
  const soapFaultCode = fault.optionalString('faultcode').trim();
  const cwmpFault = fault.has('faultcode')
    ? fault.optionalChild('detail')?.optionalChild('Fault')
    : fault;
  const soapFaultString = fault.optionalString('faultstring').trim();
  if (!cwmpFault) {
    return {
      type: 'Fault',
      soapFaultCode: soapFaultCode.slice(soapFaultCode.indexOf(':') + 1),
      soapFaultString,
      faultCode: 0,
      faultString: soapFaultString,
      setParameterValuesFaults: [],
    };
  }
  const faultCode = cwmpFault.int('FaultCode');
  return {
    type: 'Fault',
    soapFaultCode: soapFaultCode
      ? soapFaultCode.slice(soapFaultCode.indexOf(':') + 1)
      : soapFaultClass(faultCode),
    soapFaultString,
    faultCode,
    faultString: cwmpFault.optionalString('FaultString'),
    setParameterValuesFaults: cwmpFault.repeated('SetParameterValuesFault').map((entry) => ({
      parameterName: entry.optionalString('ParameterName'),
      faultCode: entry.int('FaultCode'),
      faultString: entry.optionalString('FaultString'),
    })),
  };
}

/** The whole `soap-env:Fault` element. */
export function writeFault(fault: Fault): string {
  const parameterFaults = fault.setParameterValuesFaults
    .map(
      (entry) =>
        `<SetParameterValuesFault>${element('ParameterName', entry.parameterName)}${unsignedElement('FaultCode', entry.faultCode)}` +
        `${element('FaultString', entry.faultString)}</SetParameterValuesFault>`,
    )
    .join('');
  return (
    `<soap-env:Fault>${element('faultcode', fault.soapFaultCode)}${element('faultstring', fault.soapFaultString)}` +
    `<detail><cwmp:Fault>${unsignedElement('FaultCode', fault.faultCode)}${element('FaultString', fault.faultString)}` +
    `${parameterFaults}</cwmp:Fault></detail></soap-env:Fault>`
  );
}
