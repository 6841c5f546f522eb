// npm run cost -- --env dev: the monthly fixed cost of an environment, from the templates and its parameters.
import { parseArgs } from 'node:util';
import { estimateEnvironment } from './cost/environment.js';
import { formatEstimate } from './cost/format.js';
import { PRICE_TABLE } from './cost/prices.js';
import { ENVIRONMENTS } from './cost/stacks.js';

const { values } = parseArgs({ options: { env: { type: 'string' } } });
const env = values.env;
if (!env || !(ENVIRONMENTS as readonly string[]).includes(env)) {
  console.error(
    `usage: npm run cost -- --env <${ENVIRONMENTS.join('|')}>${env ? ` (no environment named ${env})` : ''}`,
  );
  process.exit(2);
}
console.log(formatEstimate(env, estimateEnvironment(env), PRICE_TABLE));
