import type { SessionEvent } from '@acs/contracts';

/**
 * Which stored parameters learning an event reads: the caller loads those (plus the device's
 * summary) instead of whole trees. Learning reads a parameter's old value to report a change
 * and its stale mark to clear it; GetParameterNames with the request it answers reads the listed subtree
 * to see what vanished. Paths are parameter paths or object paths (trailing dot: that subtree).
 */
export function parametersToKnow(event: SessionEvent): string[] {
  switch (event.type) {
    case 'SessionOpened':
      return event.inform.parameters.map((p) => p.name);
    case 'RpcResult': {
      if (event.result.kind !== 'response') return [];
      const { request } = event;
      const response = event.result.response;
      switch (response.type) {
        case 'GetParameterValuesResponse':
          return response.parameters.map((p) => p.name);
        case 'GetParameterNamesResponse':
          return request?.type === 'GetParameterNames'
            ? [request.parameterPath]
            : response.parameters.map((p) => p.name);
        case 'SetParameterValuesResponse':
          return request?.type === 'SetParameterValues'
            ? request.parameters.map((p) => p.name)
            : [];
        case 'SetParameterAttributesResponse':
          // A partial path sets every parameter under it: those must be known to be named.
          return request?.type === 'SetParameterAttributes'
            ? request.parameters.map((p) => p.name)
            : [];
        default:
          return [];
      }
    }
    default:
      return [];
  }
}
