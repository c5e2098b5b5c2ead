import { requestSegments } from './requestPath';

describe('requestSegments', () => {
  it.each([
    ['/', []],
    ['/index.html', ['index.html']],
    ['/data/manifest.json?v=2#top', ['data', 'manifest.json']],
    ['//data///x.bin', ['data', 'x.bin']],
    ['/a%20b/%C3%A9.png', ['a b', 'é.png']],
    ['/%252e%252e/x', ['%2e%2e', 'x']],
  ])('%s → %j', (url, segments) => {
    expect(requestSegments(url)).toEqual(segments);
  });

  it.each([
    '/../etc/passwd',
    '/data/../../secret',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2e%2e%2fetc%2fpasswd',
    '/%2E%2E%2F',
    '/./index.html',
    '/.git/config',
    '/data/%2e',
    '/..%5c..%5cwindows',
    '/a\\..\\b',
    '/x%00.html',
    '/%E0%A4%A',
    'http://example.com/index.html',
    '*',
  ])('refuses %s', (url) => {
    expect(requestSegments(url)).toBeNull();
  });
});
