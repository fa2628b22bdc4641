/** Injection tokens of what NbiModule is given (see NbiModule.forRoot / forRootAsync). */
export const DEVICE_STORE = Symbol('nbi:DeviceStore');
/** Inventory's writes: the API changes devices (tags, deletes, fault clears) through their owner. */
export const INVENTORY_WRITES = Symbol('nbi:InventoryWrites');
export const TASK_STORE = Symbol('nbi:TaskStore');
export const API_KEY_STORE = Symbol('nbi:ApiKeyStore');
export const AUDIT_LOG = Symbol('nbi:AuditLog');
/**
 * The host app's event publisher: audit entries for a SIEM (acs.audit), and what the API itself
 * announces on acs.events (a fault an operator cleared).
 */
export const AUDIT_EVENTS = Symbol('nbi:AuditEvents');
export const CONFIGURATION_STORE = Symbol('nbi:ConfigurationStore');
export const PRESET_STORE = Symbol('nbi:PresetStore');
export const SUBSCRIBER_STORE = Symbol('nbi:SubscriberStore');
/** Whether the provisioning routes are served (a boolean). */
export const PROVISIONING_ENABLED = Symbol('nbi:ProvisioningEnabled');
/** The caller's `onProvisioningChange`, or null. */
export const PROVISIONING_CHANGE_HOOK = Symbol('nbi:ProvisioningChangeHook');
/** The caller's `connectionRequests` port, or null. */
export const CONNECTION_REQUESTS = Symbol('nbi:ConnectionRequests');
/** Whether the firmware routes are served (a boolean). */
export const FIRMWARE_ENABLED = Symbol('nbi:FirmwareEnabled');
/** Firmware's use cases' options: the stores and the largest image taken. */
export const FIRMWARE_OPTIONS = Symbol('nbi:FirmwareOptions');
/** The request limits in force (RequestLimits), or null: none. */
export const REQUEST_LIMITS = Symbol('nbi:RequestLimits');
/** The single sign-on verifier (OidcBearerVerifier), or null: API keys only. */
export const OIDC_VERIFIER = Symbol('nbi:OidcVerifier');
/** The device classes' quirk profiles (provisioning's), for previews. */
export const QUIRK_PROFILES = Symbol('nbi:QuirkProfiles');
/** The keyring that opens sealed secret parameter values (SecretKeyring), or null. */
export const SECRET_KEYRING = Symbol('nbi:SecretKeyring');
