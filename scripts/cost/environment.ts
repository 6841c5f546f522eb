// One environment's estimate from a folder of templates and parameters (the checkout's, or another revision's).
import { type Estimate, estimateMonthlyCost, type StackInputs } from './estimate.js';
import { PRICE_TABLE } from './prices.js';
import { CLOUDFORMATION_DIR, loadParameters, loadTemplate, PIPELINE_STACKS } from './stacks.js';

export function estimateEnvironment(env: string, dir = CLOUDFORMATION_DIR): Estimate {
  const stacks = Object.fromEntries(
    PIPELINE_STACKS.map((stack) => [
      stack,
      { template: loadTemplate(stack, dir), parameters: loadParameters(env, stack, dir) },
    ]),
  ) as StackInputs;
  return estimateMonthlyCost(stacks, PRICE_TABLE);
}
