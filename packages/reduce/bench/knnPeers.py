"""k nearest neighbours of the rows of a .npy file by a peer library, for bench/knn.ts.

Usage: python3 knnPeers.py hnswlib|pynndescent INPUT.npy K THREADS OUTPUT.i32 [EF]
Writes each row's K neighbours (self excluded, nearest first) as little-endian int32 and prints
"seconds cpu_s" of the index build plus the query (pynndescent: after a warm-up run on 2,000 rows,
so that numba's compilation is not counted).
"""
import sys
import time

import numpy as np


def drop_self(found, k):
    rows = np.arange(found.shape[0])[:, None]
    out = np.empty((found.shape[0], k), dtype=np.int32)
    for i in range(found.shape[0]):
        others = found[i][found[i] != rows[i, 0]]
        out[i] = others[:k]
    return out


def main():
    library, path, k, threads, output = sys.argv[1:6]
    k, threads = int(k), int(threads)
    data = np.load(path)
    n = data.shape[0]
    if library == "hnswlib":
        import hnswlib

        ef = int(sys.argv[6])
        wall, cpu = time.perf_counter(), time.process_time()
        index = hnswlib.Index(space="l2", dim=data.shape[1])
        index.init_index(max_elements=n, M=16, ef_construction=200, random_seed=0)
        index.set_num_threads(threads)
        index.add_items(data, np.arange(n))
        index.set_ef(max(ef, k + 1))
        found, _ = index.knn_query(data, k=k + 1, num_threads=threads)
    else:
        from pynndescent import NNDescent

        NNDescent(data[:2000], n_neighbors=k + 1, random_state=0, n_jobs=threads).neighbor_graph
        wall, cpu = time.perf_counter(), time.process_time()
        found, _ = NNDescent(
            data, n_neighbors=k + 1, random_state=0, n_jobs=threads
        ).neighbor_graph
    seconds, cpu_s = time.perf_counter() - wall, time.process_time() - cpu
    drop_self(found, k).astype("<i4").tofile(output)
    print(seconds, cpu_s)


main()
