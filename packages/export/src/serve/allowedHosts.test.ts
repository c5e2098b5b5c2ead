import { allowedHosts, hostName, isLoopback, isWildcard } from './allowedHosts';

describe('allowedHosts', () => {
  it('on loopback: the loopback names with the port', () => {
    expect([...allowedHosts('127.0.0.1', 6006, [], ['10.0.0.5'])].sort()).toEqual(
      ['127.0.0.1:6006', '[::1]:6006', 'localhost:6006'].sort(),
    );
    expect(allowedHosts('::1', 6006, [], [])).toEqual(allowedHosts('localhost', 6006, [], []));
    expect(allowedHosts('127.0.0.2', 7, [], []).has('127.0.0.2:7')).toBe(true);
  });

  it('everywhere: also the machine names and addresses, IPv6 in brackets', () => {
    const hosts = allowedHosts('0.0.0.0', 6006, ['viewer.lan'], ['box', '10.0.0.5', 'FE80::1']);
    for (const h of ['localhost', 'box', '10.0.0.5', '[fe80::1]', 'viewer.lan'])
      expect(hosts.has(`${h}:6006`)).toBe(true);
    expect(allowedHosts('::', 1, [], ['box']).has('box:1')).toBe(true);
  });

  it('on one other address: that address and the extra names only', () => {
    expect([...allowedHosts('10.0.0.5', 8000, ['box'], ['other'])].sort()).toEqual([
      '10.0.0.5:8000',
      'box:8000',
    ]);
  });

  it('on port 80 also without the port, which browsers leave out there', () => {
    expect(allowedHosts('localhost', 80, [], []).has('localhost')).toBe(true);
    expect(allowedHosts('localhost', 8080, [], []).has('localhost')).toBe(false);
  });

  it('names addresses as Host headers do', () => {
    expect(hostName('::1')).toBe('[::1]');
    expect(hostName('[::1]')).toBe('[::1]');
    expect(hostName('LocalHost')).toBe('localhost');
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
    expect(isWildcard('::')).toBe(true);
    expect(isWildcard('127.0.0.1')).toBe(false);
  });
});
