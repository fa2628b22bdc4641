/** Injection tokens of what NbiModule is given (see NbiModule.forRoot / forRootAsync). */
export const DEVICE_STORE = Symbol('nbi:DeviceStore');
export const TASK_STORE = Symbol('nbi:TaskStore');
export const API_KEY_STORE = Symbol('nbi:ApiKeyStore');
export const AUDIT_LOG = Symbol('nbi:AuditLog');
