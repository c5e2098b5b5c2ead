/**
 * A decoding thread of the images source (`loadImages` runs a `WorkerPool` of them): each request
 * is one image file, answered with its fitted pixels, `large`, or why it was refused.
 */
import { answerRequests } from '../parallel/answer';
import { DecodeRequest, Decoded, decodeImage } from './imageDecode';

answerRequests<DecodeRequest, Decoded>(decodeImage);
