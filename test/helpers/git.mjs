// A real git repository in a temp directory, for the tests of --since, report, the action and plan --rebase.
import { execFileSync } from 'node:child_process';
import { tempDir } from './cases.mjs';

const identity = {
  GIT_AUTHOR_NAME: 'liteform test', GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'liteform test', GIT_COMMITTER_EMAIL: 'test@example.invalid',
  // Fixed dates: commits (and so their ids) are the same every run.
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

export function gitRepo(prefix = 'liteform-git-') {
  const cwd = tempDir(prefix);
  const git = (...args) => execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.autocrlf=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...identity }, stdio: ['ignore', 'pipe', 'pipe'] });
  /** git that may fail: { code, stdout, stderr }. */
  const gitTry = (...args) => {
    try {
      return { code: 0, stdout: git(...args), stderr: '' };
    } catch (e) {
      return { code: e.status, stdout: String(e.stdout ?? ''), stderr: String(e.stderr ?? '') };
    }
  };
  git('init', '-q', '-b', 'main');
  return { cwd, git, gitTry };
}
