// Where the image goes: an ECR repository (by name, or by URI for another account or region) or, with the
// registry input, a repository of any registry reached through the registry HTTP API v2.
export interface EcrTarget {
  kind: 'ecr';
  repository: string;
  registryId?: string;
  region?: string;
}

export type Target = { kind: 'registry'; host: string; repository: string } | EcrTarget;

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** The first path part names a host when it has a dot or a port, or is localhost (the docker CLI's rule). */
function splitHost(reference: string): { host?: string; path: string } {
  const slash = reference.indexOf('/');
  const first = slash < 0 ? '' : reference.slice(0, slash);
  if (first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    return { host: first, path: reference.slice(slash + 1) };
  }
  return { path: reference };
}

export function resolveTarget(repository: string, registry: string | undefined): Target {
  const { host, path } = splitHost(repository);
  if (registry !== undefined) {
    if (host !== undefined && host !== registry) {
      throw new Error(`The repository ${repository} names registry ${host}, but the registry input is ${registry}.`);
    }
    return { kind: 'registry', host: registry, repository: path };
  }
  if (host === undefined) return { kind: 'ecr', repository: path };
  const ecr = ECR_HOST.exec(host);
  if (!ecr) {
    throw new Error(
      `The repository ${repository} is not in an ECR registry (host ${host}); for another registry set the registry input to ${host}.`,
    );
  }
  return { kind: 'ecr', repository: path, registryId: ecr[1] as string, region: ecr[2] as string };
}
