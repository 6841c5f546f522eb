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

  it('names the subnet in an unsupported zone and the zones AgentCore supports there', async () => {
    subnetsIn(['use1-az1', 'us-east-1c'], ['use1-az3', 'us-east-1e']);
    await expect(checkSubnetZones(ec2, 'us-east-1', SUBNETS)).rejects.toThrow(
      'Subnet subnet-0f1e2d3c4b5a69788 is in use1-az3 (us-east-1e), where AgentCore VPC mode does not run; in us-east-1 it supports use1-az1, use1-az2, use1-az4.',
    );
  });

  it('names the regions that offer VPC mode when the region has none', async () => {
    await expect(checkSubnetZones(ec2, 'sa-east-1', SUBNETS)).rejects.toThrow(
      /^AgentCore VPC mode is not offered in sa-east-1; it is in us-east-1, us-east-2, .*eu-central-1\.$/,
    );
    expect(ec2Mock.commandCalls(DescribeSubnetsCommand)).toHaveLength(0);
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
