// DEL and C1 controls: `JSON.stringify` escapes C0 controls but writes these as they are.
const UNESCAPED_CONTROLS = /[\u007f-\u009f]/g;

/**
 * `value` as indented JSON and a newline, for `--json`. Every control character is written as a
 * `\uXXXX` escape (the same JSON value), so text from a DNS answer cannot drive the terminal.
 */
export function formatJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(
    UNESCAPED_CONTROLS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${text}\n`;
}
