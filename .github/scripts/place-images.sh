#!/usr/bin/env bash
# deploy.yml's images step: each image, given by digest, ends up in this environment's repository under the same
# digest and is written to GITHUB_OUTPUT (executor=…, agent=…). An image already there is used as it is; one from
# another registry (dev's, on promotion) is copied with skopeo, manifest bytes unchanged, so the digest is the
# one dev tested. Nothing is built. Needs AWS credentials that may push here and pull from the source.
set -euo pipefail

# Whether the repository (registry/name) holds the digest.
held() {
  local found
  found="$(aws ecr describe-images --repository-name "${1#*/}" --image-ids "imageDigest=$2" \
    --query 'imageDetails[0].imageDigest' --output text 2>/dev/null || true)"
  [[ "$found" == "$2" ]]
}

place() {
  local name="$1" image="$2" repository="$3"
  if [[ ! "$image" =~ ^(.+)@(sha256:[0-9a-f]{64})$ ]]; then
    echo "::error::The $name image '$image' is not an image by digest (repository@sha256:<64 hex>)."
    return 1
  fi
  local source="${BASH_REMATCH[1]}" digest="${BASH_REMATCH[2]}"
  if [[ "$source" == "$repository" ]]; then
    echo "The $name image is already in $repository."
  elif held "$repository" "$digest"; then
    echo "The $name image $digest was copied to $repository by an earlier run."
  else
    local password
    password="$(aws ecr get-login-password)"
    echo "::add-mask::$password"
    # Tags are immutable here; this one says where the image came from (the digest's hex).
    skopeo copy --preserve-digests --retry-times 3 \
      --src-creds "AWS:$password" --dest-creds "AWS:$password" \
      "docker://$source@$digest" "docker://$repository:promoted-${digest#sha256:}"
    if ! held "$repository" "$digest"; then
      echo "::error::$repository does not hold $digest after copying it from $source."
      return 1
    fi
    echo "Copied $source@$digest to $repository."
  fi
  echo "$name=$repository@$digest" >> "$GITHUB_OUTPUT"
}

place executor "$EXECUTOR_IMAGE" "$EXECUTOR_REPOSITORY"
place agent "$AGENT_IMAGE" "$AGENT_REPOSITORY"
