// An in-memory stand-in for the core's issue commands, for component tests of the composer: it
// keeps issues and placements like the library does (positions counted without the moved brief,
// errors worded like the core's), so tests can check what the composer shows after each change.
import type { Brief } from '../lib/bindings/Brief';
import type { BriefPage } from '../lib/bindings/BriefPage';
import type { BriefQuery } from '../lib/bindings/BriefQuery';
import type { ErrorCode } from '../lib/bindings/ErrorCode';
import type { IpcError } from '../lib/bindings/IpcError';
import type { Issue } from '../lib/bindings/Issue';
import type { IssuePatch } from '../lib/bindings/IssuePatch';
import type { IssueTotals } from '../lib/bindings/IssueTotals';
import type { Problem } from '../lib/bindings/Problem';
import type { Publication } from '../lib/bindings/Publication';
import { brief } from './fixtures';

function fail(code: ErrorCode, message: string, field?: string): never {
  // As the core words it: a field's error begins with the field's name.
  const error: IpcError = field === undefined ? { code, message } : { code, message: `${field}: ${message}`, field };
  throw error;
}

export function sampleBriefs(): Brief[] {
  return [
    brief({ id: 'b-1', headline: 'Journalists detained in Xinjiang', body: 'one two three four five' }),
    brief({ id: 'b-2', headline: 'Blogger sentenced in Wuhan', body: 'one two three', status: 'draft' }),
    brief({ id: 'b-3', headline: 'Chip export curbs widen', body: 'one two' }),
    brief({ id: 'b-4', headline: 'Cotton ban upheld', body: 'one', sources: [] }),
  ];
}

export class FakeCore {
  briefs: Brief[];
  issues: Issue[] = [];
  /** Bytes the email of any issue is said to be; tests raise it past the limit. */
  emailBytes = 20_480;
  extraProblems: Problem[] = [];
  /** The publication's settings; a new issue takes its name as its title. */
  publication: Publication = {
    name: 'China Briefing',
    tagline: '',
    footer: '',
    default_template: 'markdown',
    date_style: 'long',
  };

  constructor(briefs: Brief[] = sampleBriefs()) {
    this.briefs = briefs;
  }

  /** Issue No. `number` with sections holding the given brief ids. */
  seed(number: number, title: string, sections: Record<string, string[]>, status: Issue['status'] = 'draft'): Issue {
    const issue: Issue = {
      id: `i-${number}`,
      number,
      title,
      date: '2020-12-08',
      status,
      subject: '',
      preheader: '',
      intro: '',
      closing: '',
      sections: Object.entries(sections).map(([name, ids]) => ({
        name,
        briefs: ids.map((id) => ({ id, headline: this.brief(id).headline })),
      })),
    };
    this.issues.push(issue);
    return structuredClone(issue);
  }

  brief(id: string): Brief {
    return this.briefs.find((b) => b.id === id) ?? fail('not_found', `brief not found: ${id}`);
  }

  issue(number: number): Issue {
    return this.issues.find((i) => i.number === number) ?? fail('not_found', `issue not found: No. ${number}`);
  }

  placed(id: string): boolean {
    return this.issues.some((i) => i.sections.some((s) => s.briefs.some((b) => b.id === id)));
  }

  layout(number: number): Record<string, string[]> {
    return Object.fromEntries(this.issue(number).sections.map((s) => [s.name, s.briefs.map((b) => b.id)]));
  }

  // ---- The backend wrappers ----

  listIssues = async (): Promise<Issue[]> => structuredClone([...this.issues].sort((a, b) => b.number - a.number));

  getIssue = async (number: number): Promise<Issue> => structuredClone(this.issue(number));

  nextIssueNumber = async (): Promise<number> => Math.max(0, ...this.issues.map((i) => i.number)) + 1;

  createIssue = async (number: number, title: string, date: string): Promise<Issue> => {
    if (title.trim() === '') fail('invalid', 'must not be empty', 'title');
    if (this.issues.some((i) => i.number === number)) fail('conflict', `issue No. ${number} already exists`, 'number');
    const issue = this.seed(number, title.trim(), {});
    this.issue(number).date = date;
    return { ...issue, date };
  };

  updateIssue = async (number: number, patch: IssuePatch): Promise<Issue> => {
    const issue = this.issue(number);
    if (patch.title !== null && patch.title.trim() === '') fail('invalid', 'must not be empty', 'title');
    for (const key of ['title', 'subject', 'preheader', 'intro', 'closing', 'date'] as const) {
      const value = patch[key];
      if (value !== null) issue[key] = value.trim();
    }
    if (patch.status !== null) issue.status = patch.status;
    return structuredClone(issue);
  };

  publishIssue = async (number: number): Promise<Issue> => {
    const issue = this.issue(number);
    issue.status = 'published';
    for (const section of issue.sections) {
      for (const listed of section.briefs) this.brief(listed.id).status = 'published';
    }
    return structuredClone(issue);
  };

  deleteIssue = async (number: number): Promise<void> => {
    this.issue(number);
    this.issues = this.issues.filter((i) => i.number !== number);
  };

  addSection = async (number: number, name: string, at: number | null = null): Promise<Issue> => {
    const issue = this.issue(number);
    const clean = name.trim();
    if (clean === '') fail('invalid', 'a section name must not be empty', 'section');
    if (issue.sections.some((s) => s.name === clean)) {
      fail('conflict', `issue No. ${number} already has a section "${clean}"`);
    }
    issue.sections.splice(at ?? issue.sections.length, 0, { name: clean, briefs: [] });
    return structuredClone(issue);
  };

  renameSection = async (number: number, oldName: string, newName: string): Promise<Issue> => {
    const issue = this.issue(number);
    if (issue.sections.some((s) => s.name === newName)) {
      fail('conflict', `issue No. ${number} already has a section "${newName}"`);
    }
    const section = issue.sections.find((s) => s.name === oldName) ?? fail('not_found', 'section not found');
    section.name = newName;
    return structuredClone(issue);
  };

  moveSection = async (number: number, name: string, to: number): Promise<Issue> => {
    const issue = this.issue(number);
    const section = issue.sections.find((s) => s.name === name) ?? fail('not_found', 'section not found');
    issue.sections = issue.sections.filter((s) => s !== section);
    issue.sections.splice(to, 0, section);
    return structuredClone(issue);
  };

  deleteSection = async (number: number, name: string): Promise<Issue> => {
    const issue = this.issue(number);
    issue.sections = issue.sections.filter((s) => s.name !== name);
    return structuredClone(issue);
  };

  addToIssue = async (number: number, briefId: string, section: string | null = null, at: number | null = null): Promise<Issue> => {
    const issue = this.issue(number);
    const found = this.brief(briefId);
    if (this.placed(briefId)) fail('conflict', `brief "${found.headline}" is already in an issue`);
    const target = issue.sections.find((s) => s.name === section) ?? fail('not_found', 'section not found');
    target.briefs.splice(at ?? target.briefs.length, 0, { id: briefId, headline: found.headline });
    return structuredClone(issue);
  };

  moveInIssue = async (number: number, briefId: string, section: string | null, to: number): Promise<Issue> => {
    const issue = this.issue(number);
    const listed = issue.sections.flatMap((s) => s.briefs).find((b) => b.id === briefId);
    if (!listed) fail('not_found', `brief not found: ${briefId} in issue No. ${number}`);
    for (const s of issue.sections) s.briefs = s.briefs.filter((b) => b.id !== briefId);
    const target = issue.sections.find((s) => s.name === section) ?? fail('not_found', 'section not found');
    if (to > target.briefs.length) fail('invalid', `position ${to} is past the end of the section`, 'to');
    target.briefs.splice(to, 0, listed);
    return structuredClone(issue);
  };

  moveToIssue = async (briefId: string, number: number, section: string | null = null): Promise<Issue> => {
    const target = this.issue(number);
    const found = this.brief(briefId);
    if (target.sections.some((s) => s.briefs.some((b) => b.id === briefId))) {
      fail('conflict', `brief "${found.headline}" is already in issue No. ${number}; move it within that issue`);
    }
    const name = section ?? target.sections[0]?.name ?? 'Briefs';
    let into = target.sections.find((s) => s.name === name);
    if (!into) {
      into = { name, briefs: [] };
      target.sections.push(into);
    }
    for (const issue of this.issues) for (const s of issue.sections) s.briefs = s.briefs.filter((b) => b.id !== briefId);
    into.briefs.push({ id: briefId, headline: found.headline });
    return structuredClone(target);
  };

  removeFromIssue = async (number: number, briefId: string): Promise<Issue> => {
    const issue = this.issue(number);
    for (const s of issue.sections) s.briefs = s.briefs.filter((b) => b.id !== briefId);
    return structuredClone(issue);
  };

  checkIssue = async (number: number): Promise<Problem[]> => {
    const issue = this.issue(number);
    const problems: Problem[] = [];
    for (const section of issue.sections) {
      if (section.briefs.length === 0) {
        problems.push({
          kind: 'empty_section',
          message: `section "${section.name}" has no briefs`,
          brief: null,
          section: section.name,
          other: null,
        });
      }
      for (const listed of section.briefs) {
        if (this.brief(listed.id).status === 'draft') {
          problems.push({ kind: 'draft', message: 'still a draft', brief: { ...listed }, section: section.name, other: null });
        }
      }
    }
    return [...problems, ...this.extraProblems];
  };

  issueTotals = async (number: number): Promise<IssueTotals> => {
    const ids = this.issue(number).sections.flatMap((s) => s.briefs.map((b) => b.id));
    const perBrief = ids.map((id) => {
      const found = this.brief(id);
      return { id, words: found.body.split(/\s+/).filter(Boolean).length, status: found.status };
    });
    const words = perBrief.reduce((n, b) => n + b.words, 0);
    return {
      briefs: ids.length,
      words,
      reading_minutes: Math.ceil(words / 200),
      email_bytes: this.emailBytes,
      email_limit: 102 * 1024,
      per_brief: perBrief,
    };
  };

  getPublication = async (): Promise<Publication> => structuredClone(this.publication);

  listBriefs = async (query: BriefQuery): Promise<BriefPage> => {
    const items = this.briefs.filter((b) => !query.unassigned || !this.placed(b.id));
    return structuredClone({ items: items.slice(query.offset, query.offset + query.limit), total: items.length, next: null });
  };
}

/** The backend functions the composer calls; each is a FakeCore method of the same name. */
const COMMANDS = [
  'listIssues',
  'getIssue',
  'nextIssueNumber',
  'createIssue',
  'updateIssue',
  'publishIssue',
  'deleteIssue',
  'addSection',
  'renameSection',
  'moveSection',
  'deleteSection',
  'addToIssue',
  'moveInIssue',
  'removeFromIssue',
  'moveToIssue',
  'checkIssue',
  'issueTotals',
  'listBriefs',
  'getPublication',
] as const;

type Command = (typeof COMMANDS)[number];

/**
 * A stand-in for `lib/backend` whose functions call the core `current()` returns at the time of
 * the call (so each test can start from a fresh FakeCore, or replace one of its methods):
 * `vi.mock('../backend', async () => (await import('../../test/issues')).backendOf(() => core))`.
 */
export function backendOf(current: () => FakeCore): Pick<FakeCore, Command> {
  const forward = (name: Command) => (...args: unknown[]): unknown =>
    (current()[name] as (...a: unknown[]) => unknown)(...args);
  return Object.fromEntries(COMMANDS.map((name) => [name, forward(name)])) as unknown as Pick<FakeCore, Command>;
}
