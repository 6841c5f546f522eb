// AgentCore Runtime in VPC mode places its network interfaces only in some Availability Zones of a region.
// Checking the subnets' zone IDs before CreateAgentRuntime turns a runtime that fails minutes later into one
// sentence now.
//
// AGENTCORE_ZONE_IDS is the one copy of AWS's table in this repository: network.yaml's AvailabilityZoneIds
// pattern and description are checked against it by test/cloudformation/wiring.test.ts. It is the table of AWS's
// page "Configure Amazon Bedrock AgentCore Runtime and tools for VPC", section "Supported Availability Zones"
// (https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/agentcore-vpc.html#agentcore-supported-azs),
// in the page's order. A region missing here is one where that page offers no VPC mode.
import { DescribeSubnetsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { send } from '../../../lib/errors.js';

export const AGENTCORE_ZONE_IDS: Record<string, string[]> = {
  'us-east-1': ['use1-az1', 'use1-az2', 'use1-az4'],
  'us-east-2': ['use2-az1', 'use2-az2', 'use2-az3'],
  'us-west-2': ['usw2-az1', 'usw2-az2', 'usw2-az3'],
  'ap-southeast-5': ['apse5-az1', 'apse5-az2', 'apse5-az3'],
  'ap-south-1': ['aps1-az1', 'aps1-az2', 'aps1-az3'],
  'ap-northeast-2': ['apne2-az1', 'apne2-az2', 'apne2-az3'],
  'ap-southeast-1': ['apse1-az1', 'apse1-az2', 'apse1-az3'],
  'ap-southeast-2': ['apse2-az1', 'apse2-az2', 'apse2-az3'],
  'ap-southeast-7': ['apse7-az1', 'apse7-az2', 'apse7-az3'],
  'ap-northeast-1': ['apne1-az1', 'apne1-az2', 'apne1-az4'],
  'ca-central-1': ['cac1-az1', 'cac1-az2', 'cac1-az4'],
  'eu-central-1': ['euc1-az1', 'euc1-az2', 'euc1-az3'],
  'eu-west-1': ['euw1-az1', 'euw1-az2', 'euw1-az3'],
  'eu-west-2': ['euw2-az1', 'euw2-az2', 'euw2-az3'],
  'eu-south-1': ['eus1-az1', 'eus1-az2', 'eus1-az3'],
  'eu-west-3': ['euw3-az1', 'euw3-az2', 'euw3-az3'],
  'eu-south-2': ['eus2-az1', 'eus2-az2', 'eus2-az3'],
  'eu-north-1': ['eun1-az1', 'eun1-az2', 'eun1-az3'],
  'sa-east-1': ['sae1-az1', 'sae1-az2', 'sae1-az3'],
  'us-gov-west-1': ['usgw1-az1', 'usgw1-az2', 'usgw1-az3'],
};

export class UnsupportedZoneError extends Error {
  override name = 'UnsupportedZoneError';
}

/**
 * Throws one sentence naming the first subnet outside AgentCore's zones of the region (zone name and ID) and the
 * supported zone IDs there. A subnet's AvailabilityZoneId is the same in every account, so DescribeSubnets alone
 * resolves it: no name-to-ID lookup (DescribeAvailabilityZones) is needed.
 */
export async function checkSubnetZones(ec2: EC2Client, region: string, subnetIds: string[]): Promise<void> {
  const supported = AGENTCORE_ZONE_IDS[region];
  if (!supported) {
    throw new UnsupportedZoneError(
      `AgentCore Runtime VPC mode is not offered in ${region} according to AWS's "Supported Availability Zones" table (page "Configure Amazon Bedrock AgentCore Runtime and tools for VPC"), which lists ${Object.keys(AGENTCORE_ZONE_IDS).join(', ')}: deploy in one of those regions or leave subnets and security-groups empty for PUBLIC mode.`,
    );
  }
  const { Subnets = [] } = await send(ec2, new DescribeSubnetsCommand({ SubnetIds: subnetIds }));
  for (const subnet of Subnets) {
    if (!subnet.AvailabilityZoneId || !supported.includes(subnet.AvailabilityZoneId)) {
      throw new UnsupportedZoneError(
        `Subnet ${subnet.SubnetId} is in Availability Zone ${subnet.AvailabilityZone ?? 'of unknown name'} (ID ${subnet.AvailabilityZoneId ?? 'unknown'}), where AgentCore Runtime VPC mode does not run; in ${region} it supports the zone IDs ${supported.join(', ')}.`,
      );
    }
  }
}
