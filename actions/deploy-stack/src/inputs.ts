// The action's inputs as action.yml declares them, parsed once into a typed object.
import { boolean, choice, integer, keyValues, list, text } from '../../lib/inputs.js';

export const inputSpecs = {
  'stack-name': text({
    required: true,
    pattern: /^[A-Za-z][A-Za-z0-9-]{0,127}$/,
    allowed: 'a stack name: a letter, then up to 127 letters, digits and hyphens',
  }),
  template: text({ required: true, allowed: 'the path of a CloudFormation template (YAML or JSON)' }),
  parameters: text({ allowed: 'paths of parameters/<env>.json files and/or Key=Value lines' }),
  tags: keyValues(),
  capabilities: list({
    default: 'CAPABILITY_IAM,CAPABILITY_NAMED_IAM',
    item: /^CAPABILITY_(IAM|NAMED_IAM|AUTO_EXPAND)$/,
    allowed: 'a comma or new-line separated list of CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND',
  }),
  mode: choice(['deploy', 'preview'], { default: 'deploy' }),
  'termination-protection': boolean(),
  'timeout-minutes': integer({ default: '60', min: 1, max: 360, unit: 'minutes' }),
  'template-bucket': text({
    pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    allowed: 'an S3 bucket name',
  }),
  'fail-on-empty-changeset': boolean({ default: 'false' }),
  'allow-replacement': boolean({ default: 'true' }),
};
