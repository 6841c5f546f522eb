// EC2 facts: the VPC and subnets exist, the VPC endpoints are available, and the runtime's network interfaces
// (the first place to look when a VPC runtime cannot start or reach the executor).
import {
  DescribeNetworkInterfacesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { send } from '../../../../lib/errors.js';
import { type CheckResult, list, result } from './check.js';
import type { NetworkFacts } from './stacks.js';

export async function networkCheck(client: EC2Client, facts: NetworkFacts): Promise<CheckResult> {
  if (!facts.vpcId)
    return result(
      'network',
      'failed',
      'no stack in stack-names has a VpcId output; list the network stack in stack-names.',
    );
  const { Vpcs } = await send(client, new DescribeVpcsCommand({ VpcIds: [facts.vpcId] }));
  const vpc = Vpcs?.[0];
  if (!vpc)
    return result(
      'network',
      'failed',
      `VPC ${facts.vpcId} does not exist; the network stack's output points at a deleted VPC.`,
    );
  if (vpc.State !== 'available')
    return result('network', 'failed', `VPC ${facts.vpcId} is ${vpc.State}, not available.`);
  const { Subnets } = await send(client, new DescribeSubnetsCommand({ SubnetIds: facts.subnetIds }));
  const found = new Map((Subnets ?? []).map((subnet) => [subnet.SubnetId ?? '', subnet]));
  const problems = facts.subnetIds.flatMap((id) => {
    const subnet = found.get(id);
    if (!subnet) return [`subnet ${id} does not exist`];
    if (subnet.VpcId !== facts.vpcId) return [`subnet ${id} is in ${subnet.VpcId}, not ${facts.vpcId}`];
    if (subnet.State !== 'available') return [`subnet ${id} is ${subnet.State}`];
    return [];
  });
  if (problems.length > 0)
    return result('network', 'failed', `${list(problems)}; look at the network stack's resources.`);
  const zones = [...new Set((Subnets ?? []).map((subnet) => subnet.AvailabilityZoneId ?? '?'))];
  return result(
    'network',
    'passed',
    `VPC ${facts.vpcId} and ${facts.subnetIds.length} subnets in ${zones.join(', ')} available.`,
  );
}

export async function endpointsCheck(client: EC2Client, vpcId: string | undefined): Promise<CheckResult> {
  if (!vpcId)
    return result(
      'endpoints',
      'failed',
      'no stack in stack-names has a VpcId output, so the endpoints cannot be found.',
    );
  const { VpcEndpoints } = await send(
    client,
    new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
  );
  const endpoints = VpcEndpoints ?? [];
  if (endpoints.length === 0)
    return result('endpoints', 'failed', `VPC ${vpcId} has no VPC endpoints; the network stack creates them.`);
  const bad = endpoints.filter((endpoint) => endpoint.State?.toLowerCase() !== 'available');
  if (bad.length > 0) {
    const facts = bad.map(
      (endpoint) =>
        `${endpoint.ServiceName} (${endpoint.VpcEndpointId}) is ${endpoint.State}${endpoint.LastError?.Message ? `: ${endpoint.LastError.Message}` : ''}`,
    );
    return result('endpoints', 'failed', `${list(facts)}; look at the endpoint in the VPC console.`);
  }
  return result('endpoints', 'passed', `${endpoints.length} endpoints in ${vpcId} available.`);
}

/** The ENIs in the runtime's subnets that carry its security groups: ids, status, addresses. */
export async function runtimeInterfaces(
  client: EC2Client,
  subnets: string[],
  securityGroups: string[],
): Promise<string[]> {
  if (subnets.length === 0) return [];
  const filters = [{ Name: 'subnet-id', Values: subnets }];
  if (securityGroups.length > 0) filters.push({ Name: 'group-id', Values: securityGroups });
  const { NetworkInterfaces } = await send(client, new DescribeNetworkInterfacesCommand({ Filters: filters }));
  return (NetworkInterfaces ?? []).map(
    (eni) =>
      `${eni.NetworkInterfaceId} ${eni.Status} ${eni.PrivateIpAddress ?? ''} in ${eni.SubnetId}${eni.Description ? ` (${eni.Description})` : ''}`,
  );
}
