export type SearchQuery =
  | { kind: 'id'; id: number }
  | { kind: 'class'; label: number }
  | { kind: 'column'; column: number; text: string }
  | { kind: 'none'; reason: string };

function classByName(name: string, classNames: string[]): number | null {
  const wanted = name.trim().toLowerCase();
  const exact = classNames.findIndex((c) => c.toLowerCase() === wanted);
  if (exact >= 0) return exact;
  const prefixed = classNames.flatMap((c, i) => (c.toLowerCase().startsWith(wanted) ? [i] : []));
  return prefixed.length === 1 ? prefixed[0] : null;
}

/**
 * Reads the search box: `#123` or `id:123` is a point id, `class:…` or a class name (or the
 * unique start of one) is a class, `<column>:<value>` searches a metadata column (e.g.
 * `path:cat`, `size:>100`), and a bare number that names no class is an id. So in MNIST,
 * whose classes are the digits, `7` finds the sevens and `#7` the point with id 7.
 */
export function parseSearch(
  text: string,
  classNames: string[],
  columnNames: string[] = [],
): SearchQuery {
  const query = text.trim();
  if (!query) return { kind: 'none', reason: 'type an id (#123) or a class name' };
  const prefixed = query.match(/^([^:=]+?)\s*[:=]\s*(.+)$/);
  if (prefixed) {
    const column = columnNames.findIndex((c) => c.toLowerCase() === prefixed[1].toLowerCase());
    if (column >= 0) return { kind: 'column', column, text: prefixed[2] };
  }
  const id = query.match(/^(?:#|id\s*[:=]?)\s*(-?\d+)$/i);
  if (id) return { kind: 'id', id: Number(id[1]) };
  const named = query.match(/^class\s*[:=]\s*(.+)$/i);
  const label = classByName(named ? named[1] : query, classNames);
  if (label !== null) return { kind: 'class', label };
  if (!named && /^-?\d+$/.test(query)) return { kind: 'id', id: Number(query) };
  return { kind: 'none', reason: `no class or id matches "${query}"` };
}
