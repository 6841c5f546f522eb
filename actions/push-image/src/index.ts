import { runAction } from '../../lib/runner.js';
import { main } from './main.js';

await runAction(() => main());
