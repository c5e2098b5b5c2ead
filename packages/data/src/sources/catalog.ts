/**
 * The named datasets latentlens knows how to fetch: file names, mirrors (tried in order) and the
 * checksums their publishers give (MD5 of the .gz files is all that MNIST and Fashion-MNIST
 * publish).
 */
export interface RemoteFile {
  name: string;
  /** Checksums of the file as served (the .gz bytes). */
  md5?: string;
  sha256?: string;
  /** SHA-256 of the decompressed idx bytes: holds for any recompression of the same data. */
  contentSha256?: string;
}

export const FILE_ROLES = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const;
export type FileRole = (typeof FILE_ROLES)[number];

export interface NamedDataset {
  name: string;
  mirrors: string[];
  files: Record<FileRole, RemoteFile>;
  classNames: string[];
  /** A local folder that may already hold the files (Debian's packages), checked first. */
  systemDir?: string;
}

export const MNIST: NamedDataset = {
  name: 'mnist',
  mirrors: [
    'https://ossci-datasets.s3.amazonaws.com/mnist/',
    'https://storage.googleapis.com/cvdf-datasets/mnist/',
    'http://yann.lecun.com/exdb/mnist/',
  ],
  files: {
    trainImages: { name: 'train-images-idx3-ubyte.gz', md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
    trainLabels: { name: 'train-labels-idx1-ubyte.gz', md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
    testImages: { name: 't10k-images-idx3-ubyte.gz', md5: '9fb629c4189551a2d022fa330f9573f3' },
    testLabels: { name: 't10k-labels-idx1-ubyte.gz', md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
  },
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
};

/*
 * Debian's dataset-fashion-mnist recompressed the upstream .gz files, so their MD5s differ from
 * the published ones, but the idx bytes inside are the same. The contentSha256 values were
 * computed here with `zcat /usr/share/datasets/fashion-mnist/<file> | sha256sum` (Debian package
 * dataset-fashion-mnist) and agree with the raw-file SHA-256s that other public projects derived
 * from the upstream archives matching the published MD5s. They verify the Debian copy and a
 * download alike.
 */
export const FASHION_MNIST: NamedDataset = {
  name: 'fashion-mnist',
  mirrors: [
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
  ],
  files: {
    trainImages: {
      name: 'train-images-idx3-ubyte.gz',
      md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
      contentSha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
    },
    trainLabels: {
      name: 'train-labels-idx1-ubyte.gz',
      md5: '25c81989df183df01b3e8a0aad5dffbe',
      contentSha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
    },
    testImages: {
      name: 't10k-images-idx3-ubyte.gz',
      md5: 'bef4ecab320f06d8554ea6380940ec79',
      contentSha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
    },
    testLabels: {
      name: 't10k-labels-idx1-ubyte.gz',
      md5: 'bb300cfdad3c16e7a12a480ee83cd310',
      contentSha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
    },
  },
  classNames: [
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
  ],
  systemDir: '/usr/share/datasets/fashion-mnist',
};
