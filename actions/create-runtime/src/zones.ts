// AgentCore Runtime in VPC mode places its network interfaces only in some Availability Zones of a region.
// Checking the subnets' zone IDs before CreateAgentRuntime turns a runtime that fails minutes later into one
// sentence now. The table follows AWS's page "Configure Amazon Bedrock AgentCore Runtime and tools for VPC",
// section "Supported Availability Zones" (the same list as network.yaml's AvailabilityZoneIds description).
import { DescribeSubnetsCommand, type EC2Client } from '@aws-sdk/client-ec2';

export const AGENTCORE_ZONE_IDS: Record<string, string[]> = {
  'us-east-1': ['use1-az1', 'use1-az2', 'use1-az4'],
  'us-east-2': ['use2-az1', 'use2-az2', 'use2-az3'],
  'us-west-2': ['usw2-az1', 'usw2-az2', 'usw2-az3'],
  'ap-southeast-2': ['apse2-az1', 'apse2-az2', 'apse2-az3'],
  'ap-south-1': ['aps1-az1', 'aps1-az2', 'aps1-az3'],
  'ap-southeast-1': ['apse1-az1', 'apse1-az2', 'apse1-az3'],
  'ap-northeast-1': ['apne1-az1', 'apne1-az2', 'apne1-az4'],
  'eu-west-1': ['euw1-az1', 'euw1-az2', 'euw1-az3'],
  'eu-central-1': ['euc1-az1', 'euc1-az2', 'euc1-az3'],
};

export class UnsupportedZoneError extends Error {
  override name = 'UnsupportedZoneError';
}

/** Throws one sentence naming the first subnet outside AgentCore's zones of the region, and the supported ones. */
export async function checkSubnetZones(ec2: EC2Client, region: string, subnetIds: string[]): Promise<void> {
  const supported = AGENTCORE_ZONE_IDS[region];
  if (!supported) {
    throw new UnsupportedZoneError(
      `AgentCore VPC mode is not offered in ${region}; it is in ${Object.keys(AGENTCORE_ZONE_IDS).join(', ')}.`,
    );
  }
  const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: subnetIds }));
  for (const subnet of Subnets) {
    if (!subnet.AvailabilityZoneId || !supported.includes(subnet.AvailabilityZoneId)) {
      throw new UnsupportedZoneError(
        `Subnet ${subnet.SubnetId} is in ${subnet.AvailabilityZoneId ?? 'an unknown zone'} (${subnet.AvailabilityZone ?? '?'}), where AgentCore VPC mode does not run; in ${region} it supports ${supported.join(', ')}.`,
      );
    }
  }
}
