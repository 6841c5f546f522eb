// Where the executor is deployed (on ECS, or whenever NODE_ENV=production) it never serves anyone without a
// strong bearer token: a missing or short EXECUTOR_TOKEN stops the start instead of opening the sessions to all.
export const MIN_DEPLOYED_TOKEN_LENGTH = 32;

/** ECS sets these in every task's containers; NODE_ENV=production is the image's own marker. */
export function runsDeployed(env: NodeJS.ProcessEnv): boolean {
  const onEcs = Boolean(env.ECS_CONTAINER_METADATA_URI_V4?.trim() || env.ECS_AGENT_URI?.trim());
  return onEcs || env.NODE_ENV === 'production';
}

export function assertTokenPolicy(token: string, deployed: boolean): void {
  if (deployed && token.length < MIN_DEPLOYED_TOKEN_LENGTH) {
    throw new Error(
      `EXECUTOR_TOKEN is ${token === '' ? 'not set' : `only ${token.length} characters long`}; on ECS or with NODE_ENV=production the executor needs a token of at least ${MIN_DEPLOYED_TOKEN_LENGTH} characters and refuses to start without one.`,
    );
  }
}
