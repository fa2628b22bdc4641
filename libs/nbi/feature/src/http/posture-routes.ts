import { Type } from '@sinclair/typebox';
import { PostureFindingSchema } from '@acs/contracts';
import { defineEndpoint } from './endpoint';
import { DeviceIdParams } from './schemas';

const severity = Type.Union([
  Type.Literal('low'),
  Type.Literal('medium'),
  Type.Literal('high'),
  Type.Literal('critical'),
]);

export const DevicePostureSchema = Type.Object(
  {
    deviceId: Type.String(),
    /** Most severe first; empty when nothing was found, or before the first assessment. */
    findings: Type.Array(PostureFindingSchema),
    /** False until inventory assessed the device (at its first session). */
    assessed: Type.Boolean(),
  },
  { $id: 'DevicePosture' },
);

export const PostureSummarySchema = Type.Object(
  {
    rows: Type.Array(
      Type.Object({
        finding: Type.String(),
        severity,
        oui: Type.String(),
        productClass: Type.String(),
        devices: Type.Integer({ minimum: 1 }),
      }),
    ),
  },
  { $id: 'PostureSummary' },
);

/** The security posture inventory assesses (see @acs/inventory-posture): per device, and fleet-wide. */
export const POSTURE_ROUTES = {
  getDevicePosture: defineEndpoint({
    method: 'GET',
    path: '/devices/:deviceId/posture',
    operationId: 'getDevicePosture',
    tag: 'posture',
    summary: "A device's security-posture findings, with severity and evidence",
    description:
      'Each finding also tags the device posture:<finding>, for filters and presets ' +
      '(e.g. {"tags": "posture:connection-request-credentials-default"}).',
    role: 'read-only',
    status: 200,
    params: DeviceIdParams,
    response: DevicePostureSchema,
    failures: [404],
  }),
  getPostureSummary: defineEndpoint({
    method: 'GET',
    path: '/posture/summary',
    operationId: 'getPostureSummary',
    tag: 'posture',
    summary: 'The fleet view: devices per finding per model (OUI and ProductClass)',
    description: 'Reads every device that has a finding (by its posture tags).',
    role: 'read-only',
    status: 200,
    response: PostureSummarySchema,
    expensive: true,
  }),
};
