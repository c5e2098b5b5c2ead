import { parseSearch } from './search';

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const FASHION = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

describe('parseSearch', () => {
  it.each([
    ['#7', DIGITS, { kind: 'id', id: 7 }],
    ['id:1234', DIGITS, { kind: 'id', id: 1234 }],
    ['  ID 42 ', DIGITS, { kind: 'id', id: 42 }],
    ['7', DIGITS, { kind: 'class', label: 7 }],
    ['class:3', DIGITS, { kind: 'class', label: 3 }],
    ['12', DIGITS, { kind: 'id', id: 12 }],
    ['sneaker', FASHION, { kind: 'class', label: 7 }],
    ['ankle', FASHION, { kind: 'class', label: 9 }],
    ['Shirt', FASHION, { kind: 'class', label: 6 }],
    ['3', FASHION, { kind: 'id', id: 3 }],
  ])('%j in %j', (text, classes, query) => {
    expect(parseSearch(text, classes)).toEqual(query);
  });

  it.each([
    ['', /type an id/],
    ['s', /no class or id matches "s"/],
    ['class:12', /no class or id matches/],
    ['#x', /no class or id matches/],
  ])('%j finds nothing and says why', (text, reason) => {
    const query = parseSearch(text, FASHION);
    expect(query.kind).toBe('none');
    expect(query.kind === 'none' && query.reason).toMatch(reason);
  });

  it('searches a metadata column by its name, before classes and ids', () => {
    expect(parseSearch('path: cats/', DIGITS, ['path', 'category'])).toEqual({
      kind: 'column',
      column: 0,
      text: 'cats/',
    });
    expect(parseSearch('Category=animals', DIGITS, ['path', 'category'])).toEqual({
      kind: 'column',
      column: 1,
      text: 'animals',
    });
    expect(parseSearch('class:3', DIGITS, ['path'])).toEqual({ kind: 'class', label: 3 });
  });
});
