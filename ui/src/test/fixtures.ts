// Sample data for component tests.
import type { Brief } from '../lib/bindings/Brief';
import type { BriefPage } from '../lib/bindings/BriefPage';

export function brief(overrides: Partial<Brief> = {}): Brief {
  return {
    id: 'b-1',
    headline: 'Journalists detained in Xinjiang',
    body: '> Two reporters were held for questioning.',
    sources: [
      {
        outlet: 'Radio Free Asia',
        date: '2020-11-27',
        url: 'https://www.rfa.org/english/news/uyghur/reporters-11272020.html',
        title: 'Reporters held',
      },
    ],
    tags: ['china', 'press freedom'],
    status: 'ready',
    notes: 'Check with the desk.',
    issue: null,
    created_at: '2020-11-28T09:00:00Z',
    updated_at: '2020-11-28T10:30:00Z',
    version: 1,
    ...overrides,
  };
}

export function page(items: Brief[], total = items.length): BriefPage {
  return { items, total, next: null };
}
