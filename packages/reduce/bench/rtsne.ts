/**
 * The Rtsne peer of the t-SNE runs (Debian's `r-cran-rtsne`, bhtsne's Barnes-Hut t-SNE): the
 * same PCA-64 rows, handed to `Rscript` as a raw little-endian float32 file, with the settings
 * that match ours: perplexity 25, 1,000 iterations, no PCA of its own, theta 0.5 (bhtsne's
 * half-width convention: about our 1.0), 2 threads.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = `
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[2]); d <- as.integer(args[3])
suppressMessages(library(Rtsne))
con <- file(args[1], "rb"); x <- readBin(con, "numeric", n * d, size = 4, endian = "little"); close(con)
X <- matrix(x, nrow = n, ncol = d, byrow = TRUE)
set.seed(0)
elapsed <- system.time(r <- Rtsne(X, dims = 2, perplexity = 25, theta = 0.5, max_iter = 1000,
  pca = FALSE, num_threads = 2, check_duplicates = FALSE))[["elapsed"]]
writeBin(as.numeric(t(r$Y)), args[4], size = 4, endian = "little")
cat(elapsed, "\\n")
`;

/** Rtsne's layout of `n` rows of `d` values and its wall seconds (Rtsne's call alone, no R start). */
export function rtsneEmbed(
  data: Float32Array,
  n: number,
  d: number,
): { coords: Float32Array; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'latentlens-rtsne-'));
  try {
    const input = join(dir, 'x.f32');
    const output = join(dir, 'y.f32');
    writeFileSync(input, data);
    const printed = execFileSync('Rscript', ['-e', SCRIPT, input, String(n), String(d), output], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const bytes = readFileSync(output);
    const coords = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
    return { coords, seconds: Number(printed.trim()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
