// Runs the deploy plan step by step, each with the outputs of the steps before it; when the smoke test fails,
// moves the endpoint back to the version it served before and reports the deployment as failed.
import { type PlanStep, rollbackInputs, type StepId, type Value } from './plan.js';
import type { ActionName, ActionRun } from './run-action.js';
import { type Resolution, render, resolved } from './values.js';

export interface ChainDependencies {
  runAction(action: ActionName, inputs: Record<string, string>): Promise<ActionRun>;
  /** The images step: both images by digest in this environment's repositories, as outputs executor, agent. */
  placeImages(inputs: Record<string, string>): Promise<Record<string, string>>;
  log(line: string): void;
}

export interface ChainResult {
  ok: boolean;
  /** The step that failed, when one did. */
  failedStep?: StepId;
  rolledBackTo?: string;
  outputs: Resolution['outputs'];
}

function resolveInputs(inputs: Record<string, Value>, known: Resolution): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [name, render(value, (ref) => resolved(ref, known))]),
  );
}

export async function runChain(
  plan: readonly PlanStep[],
  known: Resolution,
  deps: ChainDependencies,
): Promise<ChainResult> {
  for (const step of plan) {
    deps.log(`${step.id}: ${step.title}`);
    const inputs = resolveInputs(step.inputs, known);
    if (step.kind === 'images') {
      known.outputs.images = await deps.placeImages(inputs);
      continue;
    }
    const run = await deps.runAction(step.kind, inputs);
    known.outputs[step.id] = run.outputs;
    if (run.ok) continue;
    if (step.id !== 'smoke') return { ok: false, failedStep: step.id, outputs: known.outputs };
    return { ok: false, failedStep: step.id, outputs: known.outputs, ...(await rollBack(known, deps)) };
  }
  return { ok: true, outputs: known.outputs };
}

async function rollBack(known: Resolution, deps: ChainDependencies): Promise<{ rolledBackTo?: string }> {
  const previous = known.outputs.runtime?.['previous-version'];
  if (!previous) {
    deps.log('The smoke test failed and the endpoint was new: there is no earlier version to move it back to.');
    return {};
  }
  deps.log(`The smoke test failed: moving endpoint ${known.environment} back to version ${previous}.`);
  const run = await deps.runAction('create-runtime', resolveInputs(rollbackInputs(), known));
  if (!run.ok)
    throw new Error(
      `The smoke test failed and moving endpoint ${known.environment} back to version ${previous} failed too.`,
    );
  return { rolledBackTo: previous };
}
