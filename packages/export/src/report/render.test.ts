import { PNG } from 'pngjs';
import type { Block } from './document';
import { pngSize } from './document';
import { toHtml } from './toHtml';
import { toMarkdown } from './toMarkdown';

const png = (() => {
  const image = new PNG({ width: 6, height: 4 });
  image.data.fill(200);
  return new Uint8Array(PNG.sync.write(image));
})();

const blocks: Block[] = [
  { kind: 'heading', level: 2, text: 'Data <&>' },
  { kind: 'paragraph', text: 'Run `a | b` now.' },
  { kind: 'table', header: ['name', 'value'], align: ['left', 'right'], rows: [['x | y', '1.5']] },
  { kind: 'table', rows: [['epochs', '30']] },
  { kind: 'code', text: 'tensorboard --logdir "x"' },
  { kind: 'figure', caption: 'A <figure>', path: 'figures/a.png', png },
];

describe('report rendering', () => {
  it('writes Markdown tables, code spans and links to figure files', () => {
    expect(toMarkdown(blocks)).toBe(
      [
        '## Data <&>',
        'Run `a | b` now.',
        '| name | value |\n| --- | ---: |\n| x \\| y | 1.5 |',
        '|  |  |\n| --- | --- |\n| epochs | 30 |',
        '```sh\ntensorboard --logdir "x"\n```',
        '![A <figure>](figures/a.png)',
      ].join('\n\n') + '\n',
    );
  });

  it('writes escaped HTML with figures inline at half their pixel size', () => {
    const html = toHtml('T & t', blocks);
    expect(html).toContain('<title>T &amp; t</title>');
    expect(html).toContain('<h2>Data &lt;&amp;&gt;</h2>');
    expect(html).toContain('<p>Run <code>a | b</code> now.</p>');
    expect(html).toContain('<td class="num">1.5</td>');
    expect(html).toContain('<tr><th>epochs</th><td>30</td></tr>');
    expect(html).toContain('<pre><code>tensorboard --logdir &quot;x&quot;</code></pre>');
    expect(html).toContain(
      `<img src="data:image/png;base64,${Buffer.from(png).toString('base64')}" width="3" height="2" alt="A &lt;figure&gt;">`,
    );
    expect(pngSize(png)).toEqual({ width: 6, height: 4 });
  });
});
