import { API_KEY_ROLES, ApiKeyRole } from '@acs/nbi-data-access';

/**
 * Roles are ranked: read-only reads; operator also writes devices, tags, tasks, faults,
 * configurations, presets and subscribers; admin also reads the audit log and manages API keys.
 * A route names the least role it needs.
 */
const RANK: Record<ApiKeyRole, number> = { 'read-only': 0, operator: 1, admin: 2 };

export function roleAllows(role: ApiKeyRole, required: ApiKeyRole): boolean {
  return RANK[role] >= RANK[required];
}

export { API_KEY_ROLES };
export type { ApiKeyRole };
