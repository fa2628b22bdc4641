import { StructReader } from '../../xml/reader';
import { element, unsignedElement } from '../../xml/writer';

/** FaultStruct of TransferComplete / AutonomousTransferComplete; code 0 means success. */
export interface TransferFault {
  faultCode: number;
  faultString: string;
}

export function readTransferFault(parent: StructReader, name = 'FaultStruct'): TransferFault {
  const fault = parent.optionalChild(name);
  if (!fault) return { faultCode: 0, faultString: '' };
  return {
    faultCode: fault.optionalInt('FaultCode') ?? 0,
    faultString: fault.optionalString('FaultString'),
  };
}

export function writeTransferFault(fault: TransferFault, name = 'FaultStruct'): string {
  return `<${name}>${unsignedElement('FaultCode', fault.faultCode)}${element('FaultString', fault.faultString)}</${name}>`;
}
