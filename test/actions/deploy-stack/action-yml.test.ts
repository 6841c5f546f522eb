import { INPUT_SPECS } from '../../../actions/deploy-stack/src/inputs.js';
import { describeActionContract } from '../../support/action-contract.js';

describeActionContract('deploy-stack', INPUT_SPECS, [
  'stack-id',
  'stack-status',
  'has-changes',
  'change-set-id',
  'changes-markdown',
  'outputs',
]);
