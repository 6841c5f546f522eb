import { INPUT_SPECS } from '../../../actions/push-image/src/inputs.js';
import { describeActionContract } from '../../support/action-contract.js';

describeActionContract('push-image', INPUT_SPECS, ['image', 'digest', 'tag', 'skipped']);
