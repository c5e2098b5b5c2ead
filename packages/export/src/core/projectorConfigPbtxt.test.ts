import { execFileSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';
import { projectorConfigPbtxt, textFormatString } from './projectorConfigPbtxt';
import type { ProjectorEntry } from './projectorEntry';

type TextMessage = { [field: string]: (string | number | TextMessage)[] };

/** Reads the subset of protobuf text format we write: messages, strings, unsigned integers. */
function parseTextFormat(text: string): TextMessage {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|[A-Za-z_]\w*|\d+|[{}:]/g) ?? [];
  let at = 0;
  const unquote = (literal: string): string => {
    const bytes: number[] = [];
    const body = literal.slice(1, -1);
    for (let i = 0; i < body.length; i++) {
      if (body[i] !== '\\') {
        bytes.push(...new TextEncoder().encode(body[i]));
      } else if (/[0-7]/.test(body[i + 1])) {
        bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
        i += 3;
      } else {
        const escaped = body[++i];
        bytes.push(({ n: 10, r: 13, t: 9 } as Record<string, number>)[escaped] ?? escaped.charCodeAt(0));
      }
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  };
  const message = (): TextMessage => {
    const fields: TextMessage = {};
    while (at < tokens.length && tokens[at] !== '}') {
      const name = tokens[at++];
      let value: string | number | TextMessage;
      if (tokens[at] === ':') at++;
      if (tokens[at] === '{') {
        at++;
        value = message();
        at++; // '}'
      } else {
        const literal = tokens[at++];
        value = literal.startsWith('"') ? unquote(literal) : Number(literal);
      }
      (fields[name] ??= []).push(value);
    }
    return fields;
  };
  return message();
}

const mnist: ProjectorEntry = {
  tensorName: 'autoencoder codes',
  tensorPath: 'tensors.tsv',
  tensorShape: [10000, 64],
  metadataPath: 'metadata.tsv',
  bookmarksPath: 'bookmarks.json',
  sprite: { imagePath: 'sprite.png', singleImageDim: [28, 28] },
};

describe('projectorConfigPbtxt', () => {
  it('writes the layout PyTorch add_embedding writes', () => {
    expect(projectorConfigPbtxt([mnist])).toBe(
      [
        'embeddings {',
        '  tensor_name: "autoencoder codes"',
        '  metadata_path: "metadata.tsv"',
        '  bookmarks_path: "bookmarks.json"',
        '  tensor_shape: 10000',
        '  tensor_shape: 64',
        '  sprite {',
        '    image_path: "sprite.png"',
        '    single_image_dim: 28',
        '    single_image_dim: 28',
        '  }',
        '  tensor_path: "tensors.tsv"',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('omits optional fields and repeats embeddings blocks', () => {
    const parsed = parseTextFormat(
      projectorConfigPbtxt([mnist, { tensorName: 'pixels', tensorPath: 'pixels/tensors.tsv' }]),
    );
    expect(parsed.embeddings).toHaveLength(2);
    expect(parsed.embeddings[1]).toEqual({ tensor_name: ['pixels'], tensor_path: ['pixels/tensors.tsv'] });
  });

  it('escapes strings so that they read back unchanged', () => {
    const awkward = 'quote " backslash \\ tab \t newline \n ünïcode 数字 \u0001 end';
    expect(textFormatString('a"b')).toBe('"a\\"b"');
    expect(textFormatString('é')).toBe('"\\303\\251"');
    const parsed = parseTextFormat(projectorConfigPbtxt([{ tensorName: awkward, tensorPath: 'x/y z.tsv' }]));
    const embedding = parsed.embeddings[0] as TextMessage;
    expect(embedding.tensor_name).toEqual([awkward]);
    expect(embedding.tensor_path).toEqual(['x/y z.tsv']);
  });

  it('rejects dimensions that are not uint32', () => {
    expect(() => projectorConfigPbtxt([{ ...mnist, tensorShape: [10000, 6.5] }])).toThrow(RangeError);
    expect(() => projectorConfigPbtxt([{ ...mnist, sprite: { imagePath: 's.png', singleImageDim: [-1, 28] } }])).toThrow(
      RangeError,
    );
  });

  const protoc = '/usr/bin/protoc';
  (existsSync(protoc) ? it : it.skip)('is accepted by protoc against projector_config.proto', () => {
    const text = projectorConfigPbtxt([mnist, { tensorName: 'naïve "name"', tensorPath: 'p.tsv', tensorShape: [5, 2] }]);
    const run = (mode: string, input: Buffer | string) =>
      execFileSync(protoc, [`--proto_path=${__dirname}`, `--${mode}=ProjectorConfig`, join(__dirname, 'projector_config.proto')], {
        input,
      });
    const decoded = run('decode', run('encode', text)).toString('utf8');
    expect(parseTextFormat(decoded)).toEqual(parseTextFormat(text));
  });
});
