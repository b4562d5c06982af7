// Configuration that would give one token two meanings is refused at start, naming the problem
// (and the names the token is listed under, never the token).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const A = 'token-aaaaaaaaaaaaaaaa';
const B = 'token-bbbbbbbbbbbbbbbb';

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('the configuration was accepted');
}

describe('token configuration', () => {
  it('refuses a token listed both as an editor and as an auditor', () => {
    const error = refusal({ EDITOR_TOKENS: `alice:${A}`, AUDITOR_TOKENS: `carol:${A}` });
    expect(error.message).toContain(
      'AUDITOR_TOKENS: the token of carol is also the token of alice in EDITOR_TOKENS; a token must grant one role',
    );
    expect(error.message).not.toContain(A);
  });

  it('refuses the same token twice in one list, under two names or one', () => {
    expect(refusal({ EDITOR_TOKENS: `alice:${A},bob:${A}` }).message).toContain(
      'EDITOR_TOKENS: the token of bob is listed twice in EDITOR_TOKENS (also for alice)',
    );
    expect(refusal({ AUDITOR_TOKENS: `carol:${B},carol:${B}` }).message).toContain('listed twice in AUDITOR_TOKENS');
  });

  it('accepts distinct tokens, including two tokens for one name (rotation)', () => {
    const config = loadConfig({
      EDITOR_TOKENS: `alice:${A},alice:${B}`,
      AUDITOR_TOKENS: `carol:${A.replace('a', 'c')}`,
    });
    expect(config.EDITOR_TOKENS.map((g) => g.name)).toEqual(['alice', 'alice']);
  });
});
