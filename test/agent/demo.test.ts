import { describe, expect, it } from 'vitest';
import { totalSalesScript } from '../../agent/src/demo-script.js';
import { readScript, scriptedModels } from '../../agent/src/scripted-model.js';

describe('built-in demo script', () => {
  it('is what the scripted provider replays without a script file', async () => {
    const models = scriptedModels();
    const toolCalls: string[] = [];
    for await (const event of models.coder.stream([])) {
      if (event.type === 'modelContentBlockStartEvent' && event.start) toolCalls.push(event.start.name);
    }
    const [firstTurn] = totalSalesScript().coder;
    expect(toolCalls).toEqual(firstTurn?.tools?.map((call) => call.name));
    expect(toolCalls).toEqual(['list_files']);
  });

  it('explains a script file that cannot be read', () => {
    expect(() => readScript('/nonexistent/script.json')).toThrow(
      /Cannot read the model script \/nonexistent\/script.json/,
    );
  });
});
