import { describe, expect, it } from 'vitest';

import { pastedWebUrl } from './pastedUrl';

function paste(text: string, target: HTMLElement): ClipboardEvent {
  const event = new Event('paste', { bubbles: true }) as ClipboardEvent;
  Object.defineProperty(event, 'clipboardData', { value: { getData: (type: string) => (type === 'text/plain' ? text : '') } });
  Object.defineProperty(event, 'target', { value: target });
  return event;
}

describe('pastedWebUrl', () => {
  it('takes one web address pasted outside a text field', () => {
    const list = document.createElement('div');
    expect(pastedWebUrl(paste('  https://www.rfa.org/english/story.html\n', list))).toBe('https://www.rfa.org/english/story.html');
  });

  it('leaves text fields, other text and other schemes alone', () => {
    const list = document.createElement('div');
    const input = document.createElement('input');
    expect(pastedWebUrl(paste('https://www.rfa.org/', input))).toBeNull();
    expect(pastedWebUrl(paste('see https://www.rfa.org/', list))).toBeNull();
    expect(pastedWebUrl(paste('javascript:alert(1)', list))).toBeNull();
    expect(pastedWebUrl(paste('ftp://example.org/file', list))).toBeNull();
    expect(pastedWebUrl(paste('', list))).toBeNull();
  });
});
