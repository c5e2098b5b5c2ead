import { Hash, createHash } from 'node:crypto';
import { RemoteFile } from './catalog';

export interface FileDigests {
  md5: string;
  sha256: string;
}

/**
 * MD5 (what the publishers give) and SHA-256 (what provenance records) in one pass, so a
 * download is hashed while it streams to disk.
 */
export class Digester {
  private readonly md5: Hash = createHash('md5');
  private readonly sha256: Hash = createHash('sha256');

  update(chunk: Uint8Array): void {
    this.md5.update(chunk);
    this.sha256.update(chunk);
  }

  digest(): FileDigests {
    return { md5: this.md5.digest('hex'), sha256: this.sha256.digest('hex') };
  }
}

export function digestsOf(bytes: Uint8Array): FileDigests {
  const digester = new Digester();
  digester.update(bytes);
  return digester.digest();
}

/** What is wrong with bytes of these digests as `file`, or undefined when they match. */
export function checksumProblem(file: RemoteFile, digests: FileDigests): string | undefined {
  if (file.sha256 && digests.sha256 !== file.sha256) {
    return `SHA-256 ${digests.sha256}, expected ${file.sha256}`;
  }
  if (file.md5 && digests.md5 !== file.md5) return `MD5 ${digests.md5}, expected ${file.md5}`;
  return undefined;
}
