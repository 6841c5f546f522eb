import { describe, expect, it } from 'vitest';
import { codeBlock, details, escapeCell, link, table } from '../../../actions/lib/summary.js';

describe('summary markdown', () => {
  it('builds a table, escaping pipes and new lines inside cells', () => {
    expect(
      table(
        ['Action', 'Logical id'],
        [
          ['Modify', 'Bucket|A'],
          ['Add', 'two\nlines'],
        ],
      ),
    ).toBe('| Action | Logical id |\n| --- | --- |\n| Modify | Bucket\\|A |\n| Add | two<br>lines |');
  });

  it('wraps a collapsible section with blank lines so its markdown renders, escaping the title', () => {
    expect(details('Events <failed>', '| a |', true)).toBe(
      '<details open><summary>Events &lt;failed&gt;</summary>\n\n| a |\n\n</details>',
    );
  });

  it('fences code with more backticks than it contains', () => {
    expect(codeBlock('a ``` b', 'text')).toBe('````text\na ``` b\n````');
    expect(codeBlock('plain')).toBe('```\nplain\n```');
  });

  it('escapes brackets in link text and backslashes in cells', () => {
    expect(link('stack [dev]', 'https://console.aws.amazon.com/x')).toBe(
      '[stack \\[dev\\]](https://console.aws.amazon.com/x)',
    );
    expect(escapeCell('a\\b')).toBe('a\\\\b');
  });
});
