// AWS's offline CloudFormation validator. Its report status reads "OK" even with fatal findings, so what
// blocks is decided here from the severities: FATAL, ERROR and WARN block; INFO is advice.
import { RegoEngine, type StandardDiagnostic, TemplateFile } from '@aws/cloudformation-validate';

const BLOCKING = new Set(['FATAL', 'ERROR', 'WARN']);

export function describeFinding(d: StandardDiagnostic): string {
  const where = [d.entity?.logicalId, d.propertyPath].filter(Boolean).join(' ');
  return `${d.severity} ${d.ruleId} ${where}: ${d.message}`;
}

export class TemplateValidator {
  private readonly engine = new RegoEngine();

  /** Every finding for the template at `path`, with parameters resolved to `parameters` where given. */
  findings(path: string, parameters: Record<string, string> = {}): StandardDiagnostic[] {
    return this.engine.validateStandard(new TemplateFile(path), { parameterOverrides: parameters }).diagnostics;
  }

  /** The findings that fail a template, one sentence each. */
  blocking(path: string, parameters: Record<string, string> = {}): string[] {
    return this.findings(path, parameters)
      .filter((d) => BLOCKING.has(d.severity))
      .map(describeFinding);
  }

  free(): void {
    this.engine.free();
  }
}
