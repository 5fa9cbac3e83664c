import { describe, expect, it } from 'vitest';

import { coveredText, isWebUrl, urlProblem } from './sources';

describe('isWebUrl', () => {
  it('accepts absolute http(s) URLs with a host only', () => {
    expect(isWebUrl('https://www.rfa.org/english/news')).toBe(true);
    expect(isWebUrl('  http://example.org  ')).toBe(true);
    for (const text of ['', 'www.rfa.org', 'https://', 'ftp://example.org', 'mailto:a@b.org', 'javascript:alert(1)', 'file:///etc/passwd']) {
      expect(isWebUrl(text), text).toBe(false);
    }
  });
});

describe('urlProblem', () => {
  it('says nothing about an empty field, a good URL or the start of one', () => {
    for (const text of ['', ' ', 'h', 'HTTPS:/', 'http:', 'https://www.rfa.org/x']) {
      expect(urlProblem(text), text).toBeNull();
    }
  });

  it('names what is wrong otherwise', () => {
    expect(urlProblem('www.rfa.org/x')).toMatch(/Start the address with https:\/\//);
    expect(urlProblem('ftp://example.org')).toMatch(/Only web addresses/);
    expect(urlProblem('javascript:alert(1)')).toMatch(/Only web addresses/);
    expect(urlProblem('https://exa mple.org')).toMatch(/not a complete web address/);
  });
});

describe('coveredText', () => {
  it('names the issue number and headline, or says the other brief is in no issue', () => {
    expect(coveredText({ id: 'a', headline: 'Cotton plots', issue: 11, published: true, url: 'https://x.org' })).toBe(
      'Previously in No. 11: Cotton plots',
    );
    expect(coveredText({ id: 'a', headline: 'Cotton plots', issue: null, published: false, url: 'https://x.org' })).toBe(
      'Also cited by “Cotton plots” (in no issue yet)',
    );
  });

  it('counts only a published issue as prior coverage: a draft issue is "also in draft"', () => {
    expect(coveredText({ id: 'a', headline: 'Cotton plots', issue: 12, published: false, url: 'https://x.org' })).toBe(
      'Also in draft No. 12: Cotton plots',
    );
  });
});
