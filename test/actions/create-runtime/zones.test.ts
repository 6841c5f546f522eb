import { BedrockAgentCoreControlClient, CreateAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { deployRuntime } from '../../../actions/create-runtime/src/deploy.js';
import { checkSubnetZones } from '../../../actions/create-runtime/src/zones.js';
import { FakeClock } from '../../support/fake-clock.js';
import { request, scenario } from './scenario.js';

const ec2Mock = mockClient(EC2Client);
afterEach(() => ec2Mock.reset());

const SUBNETS = ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'];

function subnetsIn(...zones: [string, string][]) {
  ec2Mock.on(DescribeSubnetsCommand).resolves({
    Subnets: zones.map(([AvailabilityZoneId, AvailabilityZone], index) => ({
      SubnetId: SUBNETS[index],
      AvailabilityZoneId,
      AvailabilityZone,
    })),
  });
}

describe('AgentCore zone pre-check', () => {
  const ec2 = new EC2Client({ region: 'us-east-1' });

  it('passes subnets in supported zones, asking EC2 about exactly the given subnets', async () => {
    subnetsIn(['use1-az1', 'us-east-1c'], ['use1-az4', 'us-east-1a']);
    await expect(checkSubnetZones(ec2, 'us-east-1', SUBNETS)).resolves.toBeUndefined();
    expect(ec2Mock.commandCalls(DescribeSubnetsCommand)[0]?.args[0].input).toEqual({ SubnetIds: SUBNETS });
  });

  it('names the subnet in an unsupported zone, by name and ID, and the zone IDs AgentCore supports there', async () => {
    subnetsIn(['use1-az1', 'us-east-1c'], ['use1-az3', 'us-east-1e']);
    await expect(checkSubnetZones(ec2, 'us-east-1', SUBNETS)).rejects.toThrow(
      'Subnet subnet-0f1e2d3c4b5a69788 is in Availability Zone us-east-1e (ID use1-az3), where AgentCore Runtime VPC mode does not run; in us-east-1 it supports the zone IDs use1-az1, use1-az2, use1-az4.',
    );
  });

  it('judges a zone by its ID, not its name: names are mapped per account', async () => {
    // In this account us-east-1a is use1-az6, a zone AgentCore does not support; another account's
    // us-east-1a may well be use1-az1.
    subnetsIn(['use1-az6', 'us-east-1a'], ['use1-az1', 'us-east-1b']);
    await expect(checkSubnetZones(ec2, 'us-east-1', SUBNETS)).rejects.toThrow(
      /^Subnet subnet-0a1b2c3d4e5f60718 is in Availability Zone us-east-1a \(ID use1-az6\)/,
    );
  });

  it('knows the regions AWS added to the table after the first nine, with their own zone IDs', async () => {
    const [supported, unsupported] = [SUBNETS[0], SUBNETS[1]];
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: supported, AvailabilityZoneId: 'cac1-az4', AvailabilityZone: 'ca-central-1d' },
        { SubnetId: unsupported, AvailabilityZoneId: 'cac1-az3', AvailabilityZone: 'ca-central-1c' },
      ],
    });
    await expect(checkSubnetZones(ec2, 'ca-central-1', SUBNETS)).rejects.toThrow(
      `Subnet ${unsupported} is in Availability Zone ca-central-1c (ID cac1-az3), where AgentCore Runtime VPC mode does not run; in ca-central-1 it supports the zone IDs cac1-az1, cac1-az2, cac1-az4.`,
    );
    subnetsIn(['sae1-az1', 'sa-east-1a'], ['sae1-az3', 'sa-east-1c']);
    await expect(checkSubnetZones(ec2, 'sa-east-1', SUBNETS)).resolves.toBeUndefined();
    subnetsIn(['usgw1-az1', 'us-gov-west-1a'], ['usgw1-az2', 'us-gov-west-1b']);
    await expect(checkSubnetZones(ec2, 'us-gov-west-1', SUBNETS)).resolves.toBeUndefined();
  });

  it('names the regions that offer VPC mode when the region has none, before asking EC2', async () => {
    // us-west-1 runs AgentCore Runtime, but AWS's table of VPC zones has no row for it.
    await expect(checkSubnetZones(ec2, 'us-west-1', SUBNETS)).rejects.toThrow(
      /^AgentCore Runtime VPC mode is not offered in us-west-1 according to AWS's "Supported Availability Zones" table \(page "Configure Amazon Bedrock AgentCore Runtime and tools for VPC"\), which lists us-east-1, us-east-2, .*, sa-east-1, us-gov-west-1: deploy in one of those regions or leave subnets and security-groups empty for PUBLIC mode\.$/,
    );
    expect(ec2Mock.commandCalls(DescribeSubnetsCommand)).toHaveLength(0);
  });

  it('reports a subnet EC2 does not know in one sentence naming the call', async () => {
    // EC2 answers a DescribeSubnets for an id it does not have with InvalidSubnetID.NotFound, not an empty list.
    ec2Mock.on(DescribeSubnetsCommand).rejects(
      Object.assign(new Error("The subnet ID 'subnet-0f1e2d3c4b5a69788' does not exist"), {
        name: 'InvalidSubnetID.NotFound',
        $metadata: { httpStatusCode: 400, requestId: 'req-1' },
      }),
    );
    await expect(checkSubnetZones(ec2, 'us-east-1', SUBNETS)).rejects.toThrow(
      "EC2 DescribeSubnets failed with InvalidSubnetID.NotFound (HTTP 400): The subnet ID 'subnet-0f1e2d3c4b5a69788' does not exist [request id req-1].",
    );
  });

  it('stops a VPC deployment before anything is created', async () => {
    const { mock } = scenario();
    subnetsIn(['use1-az1', 'us-east-1c'], ['use1-az3', 'us-east-1e']);
    const deploying = deployRuntime(new BedrockAgentCoreControlClient({ region: 'us-east-1' }), request(), {
      clock: new FakeClock(),
      log: () => {},
      checkZones: (subnets) => checkSubnetZones(ec2, 'us-east-1', subnets),
    });
    await expect(deploying).rejects.toThrow(/use1-az3/);
    expect(mock.commandCalls(CreateAgentRuntimeCommand)).toHaveLength(0);
  });
});
