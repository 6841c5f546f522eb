// What the executor's load balancer listens on, with and without a certificate, as CloudFormation would
// resolve the platform template: with one, HTTPS only on a TLS 1.2+ policy and an https EXECUTOR_URL.
import { ResolvedTemplate } from '../../../scripts/cost/resolve.js';
import type { Templates } from './templates.js';

const TLS12_OR_NEWER = /^ELBSecurityPolicy-(TLS13-1-2|TLS-1-2|FS-1-2)/;

export function listenersFor(t: Templates, supplied: Record<string, string>) {
  const resolved = new ResolvedTemplate(t.platform, supplied);
  const listeners = resolved
    .existingResources()
    .map((id) => [id, t.platform.Resources[id]] as const)
    .filter(([, r]) => r?.Type === 'AWS::ElasticLoadBalancingV2::Listener')
    .map(([id, r]) => ({
      id,
      ...(resolved.value(r?.Properties) as { Protocol?: string; Port?: number; SslPolicy?: string }),
    }));
  const url = String(resolved.value(t.platform.Outputs?.ExecutorUrl?.Value));
  return { listeners, url };
}

export function executorTlsWithCertificate(t: Templates, certificate: Record<string, string>): string[] {
  const { listeners, url } = listenersFor(t, certificate);
  const violations = listeners
    .filter((l) => l.Protocol !== 'HTTPS' || !TLS12_OR_NEWER.test(String(l.SslPolicy)))
    .map(
      (l) =>
        `With a certificate, listener ${l.id} serves ${String(l.Protocol)} (${String(l.SslPolicy ?? 'no TLS policy')}).`,
    );
  if (listeners.length === 0) violations.push('With a certificate, the ALB has no listener.');
  if (!url.startsWith('https://')) violations.push(`With a certificate, ExecutorUrl is ${url}, not https.`);
  return violations;
}
