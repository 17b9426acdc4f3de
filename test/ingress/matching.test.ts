/** Data-driven tests of the ingress matcher: the chapter's host table and reference §8.2's path table. */
import { describe, expect, test } from 'vitest';
import { bestPath, hostMatch, pathMatches } from '../../src/network/ingress-match.js';

describe('host matching (chapter table, reference §8.2)', () => {
  test.each([
    ['*.foo.com', 'bar.foo.com', true],
    ['*.foo.com', 'baz.bar.foo.com', false],
    ['*.foo.com', 'foo.com', false],
    ['foo.bar.com', 'foo.bar.com', true],
    ['foo.bar.com', 'FOO.bar.com:8080', true],
    ['foo.bar.com', 'bar.com', false],
    ['', 'anything.example.com', true],
    [undefined, '10.0.0.1', true],
  ])('rule %s, Host %s → %s', (rule, host, match) => {
    expect(hostMatch(rule as string | undefined, host) >= 0).toBe(match);
  });

  test('exact beats wildcard beats no host', () => {
    expect(hostMatch('bar.foo.com', 'bar.foo.com')).toBeGreaterThan(hostMatch('*.foo.com', 'bar.foo.com'));
    expect(hostMatch('*.foo.com', 'bar.foo.com')).toBeGreaterThan(hostMatch(undefined, 'bar.foo.com'));
  });
});

describe('path matching (reference §8.2 table)', () => {
  const rows: [string, string[], string, string | undefined][] = [
    ['Prefix', ['/'], '/anything/at/all', '/'],
    ['Exact', ['/foo'], '/foo', '/foo'],
    ['Exact', ['/foo'], '/bar', undefined],
    ['Exact', ['/foo'], '/foo/', undefined],
    ['Exact', ['/foo/'], '/foo', undefined],
    ['Prefix', ['/foo'], '/foo', '/foo'],
    ['Prefix', ['/foo'], '/foo/', '/foo'],
    ['Prefix', ['/foo/'], '/foo', '/foo/'],
    ['Prefix', ['/foo/'], '/foo/', '/foo/'],
    ['Prefix', ['/aaa/bb'], '/aaa/bbb', undefined],
    ['Prefix', ['/aaa/bbb'], '/aaa/bbb', '/aaa/bbb'],
    ['Prefix', ['/aaa/bbb/'], '/aaa/bbb', '/aaa/bbb/'],
    ['Prefix', ['/aaa/bbb'], '/aaa/bbb/', '/aaa/bbb'],
    ['Prefix', ['/aaa/bbb'], '/aaa/bbb/ccc', '/aaa/bbb'],
    ['Prefix', ['/aaa/bbb'], '/aaa/bbbxyz', undefined],
    ['Prefix', ['/', '/aaa'], '/aaa/ccc', '/aaa'],
    ['Prefix', ['/', '/aaa', '/aaa/bbb'], '/aaa/bbb', '/aaa/bbb'],
    ['Prefix', ['/', '/aaa', '/aaa/bbb'], '/ccc', '/'],
    ['Prefix', ['/aaa'], '/ccc', undefined],
    ['Prefix', ['/foo/bar'], '/foo/bar/baz', '/foo/bar'],
    ['Prefix', ['/foo/bar'], '/foo/barbaz', undefined],
    ['ImplementationSpecific', ['/foo'], '/foo/bar', '/foo'],
  ];
  test.each(rows)('%s %j, request %s → %s', (type, paths, req, want) => {
    const got = bestPath(paths.map((p) => ({ pathType: type, path: p, value: p })), req);
    expect(got?.value).toBe(want);
  });

  test('Exact beats Prefix on the same path, whatever the YAML order', () => {
    const c = [
      { pathType: 'Prefix', path: '/foo', value: 'prefix' },
      { pathType: 'Exact', path: '/foo', value: 'exact' },
    ];
    expect(bestPath(c, '/foo')?.value).toBe('exact');
    expect(bestPath([...c].reverse(), '/foo')?.value).toBe('exact');
    expect(bestPath(c, '/foo/x')?.value).toBe('prefix');
  });

  test('longest match wins over declaration order', () => {
    const c = [
      { pathType: 'Prefix', path: '/foo/bar', value: 'long' },
      { pathType: 'Prefix', path: '/foo', value: 'short' },
    ];
    expect(bestPath(c, '/foo/bar/x')?.value).toBe('long');
    expect(pathMatches('Exact', '/foo', '/foo')).toBe(true);
  });
});
