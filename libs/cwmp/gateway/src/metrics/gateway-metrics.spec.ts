import { STANDARD_EVENT_CODES } from '@acs/cwmp-codec';
import { GatewayMetrics, informEventLabel } from './gateway-metrics';

describe('GatewayMetrics', () => {
  it('labels Inform events by a bounded set: the standard codes, vendor, other', () => {
    expect(informEventLabel('2 PERIODIC')).toBe('2 PERIODIC');
    expect(informEventLabel('M Download')).toBe('M Download');
    expect(informEventLabel('X 00D09E REBOOTED')).toBe('vendor');
    expect(informEventLabel('M X_00D09E_Reset')).toBe('vendor');
    expect(informEventLabel('0253AC-SERIAL-123')).toBe('other');
    const labels = new Set([...STANDARD_EVENT_CODES, 'vendor', 'other'].map(informEventLabel));
    expect(labels.size).toBeLessThanOrEqual(30);
  });

  it('exposes the series dashboards divide by and alerts watch at zero from the start', async () => {
    const text = await new GatewayMetrics().registry.metrics();
    expect(text).toContain('acs_gateway_http_responses_total{status="503"} 0');
    expect(text).toContain('acs_gateway_admission_rejections_total{cause="budget"} 0');
    expect(text).toContain('acs_gateway_dependency_failures_total{dependency="redis"} 0');
    expect(text).toContain('acs_gateway_auth_failures_total{reason="rate-limited"} 0');
  });
});
