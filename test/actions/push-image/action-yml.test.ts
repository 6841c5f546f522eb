import { pushImageInputs } from '../../../actions/push-image/src/inputs.js';
import { describeActionContract } from '../../support/action-contract.js';

describeActionContract('push-image', pushImageInputs, ['image', 'digest', 'tag', 'skipped']);
