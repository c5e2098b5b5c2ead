/**
 * `text` safe to print as one line: control characters (C0, DEL, C1 — a line break, an escape
 * sequence that recolours or clears the terminal) are shown as `\n`, `\u001b`, …, so a value
 * read from a file cannot break the one-line message or drive the user's terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
