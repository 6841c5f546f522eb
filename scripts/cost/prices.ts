// On-demand list prices of the fixed-cost parts of an environment, region us-east-1, from the AWS pricing pages
// below; the NAT gateway, public IPv4, interface endpoint and Fargate rates were checked against guides of
// March to June 2026 quoting those pages (unchanged since the public IPv4 charge began in February 2024).
// Usage-based charges (data processed, requests, log ingestion and storage) are not here: an idle environment
// does not pay them.
export const PRICE_TABLE = {
  region: 'us-east-1',
  asOf: '2026-06',
  hoursPerMonth: 730,
  sources: [
    'https://aws.amazon.com/vpc/pricing/ (NAT gateway, public IPv4 address)',
    'https://aws.amazon.com/privatelink/pricing/ (interface endpoint per AZ)',
    'https://aws.amazon.com/elasticloadbalancing/pricing/ (Application Load Balancer)',
    'https://aws.amazon.com/fargate/pricing/ (Linux/ARM and Linux/x86)',
    'https://aws.amazon.com/secrets-manager/pricing/',
    'https://aws.amazon.com/cloudwatch/pricing/ (standard-resolution alarm)',
  ],
  hourly: {
    natGateway: 0.045,
    publicIpv4Address: 0.005,
    interfaceEndpointAz: 0.01,
    applicationLoadBalancer: 0.0225,
    fargateArmVcpu: 0.03238,
    fargateArmGb: 0.00356,
    fargateX86Vcpu: 0.04048,
    fargateX86Gb: 0.004445,
  },
  monthly: {
    secret: 0.4,
    alarm: 0.1,
  },
} as const;

export type PriceTable = typeof PRICE_TABLE;

/** Charges that depend on traffic, named so the printout says what the fixed figure leaves out. */
export const USAGE_CHARGES = [
  'NAT gateway data processed $0.045/GB',
  'interface endpoint data processed $0.01/GB',
  'ALB LCU-hours $0.008',
  'CloudWatch Logs ingestion $0.50/GB (VPC flow logs included) and storage $0.03/GB-month',
  'S3 and ECR storage, requests',
  'Fargate tasks above the minimum (FARGATE_SPOT where SpotWeight > 0)',
  'Bedrock model tokens and AgentCore Runtime vCPU/memory-seconds',
];
