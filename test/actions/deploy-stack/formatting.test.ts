import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import {
  changeRows,
  changeSetConsoleUrl,
  changesMarkdown,
  isEmptyChangeSetReason,
} from '../../../actions/deploy-stack/src/changes.js';
import {
  failedEventsRootCauseFirst,
  formatEvent,
  nestedStackIds,
  takeNewEvents,
} from '../../../actions/deploy-stack/src/event-log.js';
import { BUCKET_AND_LOGS, change } from './harness.js';

const ROOT = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/dev-platform/1';
const NESTED = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/dev-platform-Network-X/2';

function event(id: string, second: number, fields: Partial<StackEvent>): StackEvent {
  return {
    EventId: id,
    StackId: ROOT,
    StackName: 'dev-platform',
    Timestamp: new Date(Date.UTC(2026, 0, 1, 9, 0, second)),
    ...fields,
  };
}

describe('change set formatting', () => {
  it('links the change set in the console of its region', () => {
    expect(changeSetConsoleUrl('eu-west-1', ROOT, 'arn:aws:cloudformation:eu-west-1:1:changeSet/cs/9')).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/changesets/changes?' +
        'stackId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack%2Fdev-platform%2F1&' +
        'changeSetId=arn%3Aaws%3Acloudformation%3Aeu-west-1%3A1%3AchangeSet%2Fcs%2F9',
    );
  });

  it('writes changes-markdown with counts, the table and the link', () => {
    const rows = changeRows([...BUCKET_AND_LOGS, change('Modify', 'Queue', 'AWS::SQS::Queue', 'Conditional')]);
    const markdown = changesMarkdown({
      stackName: 'dev-platform',
      rows,
      consoleUrl: 'https://console/x',
      fate: 'executed',
    });
    expect(markdown).toBe(
      [
        '#### Change set for stack `dev-platform`',
        '',
        '2 Add, 1 Modify, 1 replaced or possibly replaced (executed) · [open in the console](https://console/x)',
        '',
        '| Action | Logical ID | Type | Replacement |',
        '| --- | --- | --- | --- |',
        '| Add | Artifacts | AWS::S3::Bucket | — |',
        '| Add | Logs | AWS::Logs::LogGroup | — |',
        '| Modify | Queue | AWS::SQS::Queue | Conditional |',
      ].join('\n'),
    );
    expect(changesMarkdown({ stackName: 'dev-platform', rows: [], fate: 'deleted' })).toContain('No changes');
  });

  it('knows both reasons CloudFormation gives for an empty change set', () => {
    expect(
      isEmptyChangeSetReason(
        "The submitted information didn't contain changes. Submit different information to create a change set.",
      ),
    ).toBe(true);
    expect(isEmptyChangeSetReason('No updates are to be performed.')).toBe(true);
    expect(isEmptyChangeSetReason('Template format error: Unresolved resource dependencies [Vpc]')).toBe(false);
  });
});

describe('event formatting', () => {
  it('returns each event once, oldest first, from newest-first pages', () => {
    const seen = new Set<string>();
    const page1 = [event('c', 3, {}), event('b', 2, {}), event('a', 1, {})];
    expect(takeNewEvents(page1, seen).map((e) => e.EventId)).toEqual(['a', 'b', 'c']);
    expect(takeNewEvents([event('d', 4, {}), ...page1], seen).map((e) => e.EventId)).toEqual(['d']);
  });

  it('finds nested stacks by the PhysicalResourceId of AWS::CloudFormation::Stack resources, not the stack itself', () => {
    const events = [
      event('1', 1, {
        ResourceType: 'AWS::CloudFormation::Stack',
        LogicalResourceId: 'dev-platform',
        PhysicalResourceId: ROOT,
      }),
      event('2', 2, {
        ResourceType: 'AWS::CloudFormation::Stack',
        LogicalResourceId: 'Network',
        PhysicalResourceId: '',
      }),
      event('3', 3, {
        ResourceType: 'AWS::CloudFormation::Stack',
        LogicalResourceId: 'Network',
        PhysicalResourceId: NESTED,
      }),
    ];
    expect(nestedStackIds(events)).toEqual([NESTED]);
  });

  it('labels events of nested stacks with their stack name', () => {
    const nested = event('n', 5, {
      StackId: NESTED,
      StackName: 'dev-platform-Network-X',
      ResourceStatus: 'CREATE_FAILED',
      ResourceType: 'AWS::EC2::VPC',
      LogicalResourceId: 'Vpc',
      ResourceStatusReason: 'VpcLimitExceeded',
    });
    expect(formatEvent(nested, ROOT)).toBe(
      '09:00:05 [dev-platform-Network-X] CREATE_FAILED AWS::EC2::VPC Vpc — VpcLimitExceeded',
    );
  });

  it('puts the root cause first: the earliest failure that is not a cancellation or a roll-up', () => {
    const events = [
      event('1', 1, {
        LogicalResourceId: 'Queue',
        ResourceType: 'AWS::SQS::Queue',
        ResourceStatus: 'CREATE_FAILED',
        ResourceStatusReason: 'Resource creation cancelled',
      }),
      event('2', 2, {
        LogicalResourceId: 'Role',
        ResourceType: 'AWS::IAM::Role',
        ResourceStatus: 'CREATE_FAILED',
        ResourceStatusReason: 'Requires CAPABILITY_NAMED_IAM',
      }),
      event('3', 3, { LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic', ResourceStatus: 'CREATE_COMPLETE' }),
      event('4', 4, {
        LogicalResourceId: 'Bucket',
        ResourceType: 'AWS::S3::Bucket',
        ResourceStatus: 'CREATE_FAILED',
        ResourceStatusReason: 'already exists',
      }),
    ];
    expect(failedEventsRootCauseFirst(events).map((e) => e.LogicalResourceId)).toEqual(['Role', 'Queue', 'Bucket']);
  });
});
