// npm run cost -- --env dev: the monthly fixed cost of an environment, from the templates and its parameters.
import { parseArgs } from 'node:util';
import { estimateMonthlyCost, type StackInputs } from './cost/estimate.js';
import { formatEstimate } from './cost/format.js';
import { PRICE_TABLE } from './cost/prices.js';
import { ENVIRONMENTS, loadParameters, loadTemplate, PIPELINE_STACKS } from './cost/stacks.js';

const { values } = parseArgs({ options: { env: { type: 'string' } } });
const env = values.env;
if (!env || !(ENVIRONMENTS as readonly string[]).includes(env)) {
  console.error(
    `usage: npm run cost -- --env <${ENVIRONMENTS.join('|')}>${env ? ` (no environment named ${env})` : ''}`,
  );
  process.exit(2);
}
const stacks = Object.fromEntries(
  PIPELINE_STACKS.map((stack) => [stack, { template: loadTemplate(stack), parameters: loadParameters(env, stack) }]),
) as StackInputs;
console.log(formatEstimate(env, estimateMonthlyCost(stacks, PRICE_TABLE), PRICE_TABLE));
