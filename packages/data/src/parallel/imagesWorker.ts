/**
 * A decoding thread of the images source (`loadImages` runs a `WorkerPool` of them): each request
 * is a few image files, answered with each one's fitted pixels, `again` (decode it alone), or why
 * it was refused.
 */
import { answerRequests } from './answer';
import { DecodeRequest, Decoded, decodeImages, loadSharp } from '../sources/imageDecode';

// One libvips thread per decode (sharp's default on glibc Linux, set here so it does not depend
// on the build): a PNG decodes as one stream, and the threads already keep the cores busy. On
// the clip art at 32×32 RGB, 2 threads, load 10–11, three runs each: 1 libvips thread 22.6–31.9 s
// (cpu_s 25.2–26.2), 2 threads 24.7–26.7 s (cpu_s 24.2–26.1): no difference beyond the noise.
// libuv's pool (where sharp decodes) is left at its 4 threads, one per image in flight on a
// 2-core machine (2 threads × IMAGE_CONCURRENCY; more cores queue there, unmeasured): it is the process's, sized when the main thread first
// reads the folder, so a thread could not change it; UV_THREADPOOL_SIZE=2 measured 26.8–34.2 s.
// libvips' setting is the process's too: every decoding thread sets the same.
loadSharp().concurrency(1);

answerRequests<DecodeRequest, Decoded[]>(decodeImages);
