import { describe, expect, it } from 'vitest';
import { shouldColour } from './style.js';

describe('shouldColour', () => {
  it('colours a terminal unless NO_COLOR is set to something', () => {
    expect(shouldColour(true, {})).toBe(true);
    expect(shouldColour(true, { NO_COLOR: '' })).toBe(true);
    expect(shouldColour(true, { NO_COLOR: '1' })).toBe(false);
  });

  it('never colours a pipe or a file', () => {
    expect(shouldColour(false, {})).toBe(false);
    expect(shouldColour(undefined, {})).toBe(false);
  });
});
