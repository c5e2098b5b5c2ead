/**
 * The path segments a request URL names under the served folder, or null when it must not be
 * served. The path is percent-decoded once, then any segment that is empty is dropped and any
 * that starts with a dot (`.`, `..`, `.git`, and so `%2e%2e`) refuses the request, as do
 * backslashes, NUL bytes and malformed escapes: nothing outside the folder, and no hidden file
 * inside it, can be named.
 */
export function requestSegments(url: string): string[] | null {
  const path = url.replace(/[?#].*$/s, '');
  if (!path.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  return segments.some((s) => s.startsWith('.')) ? null : segments;
}
