import { inputSpecs } from '../../../actions/deploy-stack/src/inputs.js';
import { describeActionContract } from '../../support/action-contract.js';

describeActionContract('deploy-stack', inputSpecs, [
  'stack-id',
  'stack-status',
  'has-changes',
  'change-set-id',
  'changes-markdown',
  'outputs',
]);
