// `allow-replacement: false`: a change set must not replace or remove a resource that holds data or that other
// stacks and runtimes point at, because replacing it loses the data or breaks those references.
import type { ChangeRow } from './changes.js';

const STATEFUL_TYPES: ReadonlySet<string> = new Set([
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::ECR::Repository',
  'AWS::SecretsManager::Secret',
  'AWS::DynamoDB::Table',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::EFS::FileSystem',
  'AWS::KMS::Key',
]);

export interface StatefulChange {
  logicalId: string;
  type: string;
  /** "replaced", "possibly replaced" (Replacement: Conditional) or "removed". */
  effect: string;
}

export function statefulChanges(rows: readonly ChangeRow[]): StatefulChange[] {
  return rows.flatMap((row) => {
    if (!STATEFUL_TYPES.has(row.type)) return [];
    let effect: string | undefined;
    if (row.action === 'Remove') effect = 'removed';
    else if (row.replacement === 'True') effect = 'replaced';
    else if (row.replacement === 'Conditional') effect = 'possibly replaced';
    return effect ? [{ logicalId: row.logicalId, type: row.type, effect }] : [];
  });
}

export function replacementRefusal(stackName: string, changes: readonly StatefulChange[]): string {
  const named = changes.map((change) => `${change.logicalId} (${change.type}, ${change.effect})`).join(', ');
  return (
    `The change set for stack ${stackName} would replace or remove stateful resources, which allow-replacement: false ` +
    `forbids: ${named}; change the template so they are updated in place, or set allow-replacement: true.`
  );
}
